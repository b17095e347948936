package dev.day2.tiles;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.day2.service.testing.AllowChecks;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.DecoderConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

/** The tile API on a real PostgreSQL loaded with the Monaco tileset. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class TileResourceTest {
  /** z14 tile with the Oceanographic Museum (Monaco-Ville). */
  static final String MUSEUM = "/maps/tileset/osm_buildings/14/8529/5974";

  /** A client that keeps the body exactly as sent (no transparent gunzip). */
  static RequestSpecification raw() {
    return given()
        .config(
            RestAssured.config().decoderConfig(DecoderConfig.decoderConfig().noContentDecoders()));
  }

  @Test
  void servesTheStoredGzipMvtToAClientThatAcceptsGzip() {
    Response response =
        raw()
            .header("Accept-Encoding", "gzip")
            .when()
            .get(MUSEUM)
            .then()
            .statusCode(200)
            .extract()
            .response();
    assertThat(response.contentType()).isEqualTo("application/vnd.mapbox-vector-tile");
    assertThat(response.header("Content-Encoding")).isEqualTo("gzip");
    assertThat(response.header("Vary")).contains("Accept-Encoding");
    byte[] body = response.asByteArray();
    assertThat(body[0] & 0xff).isEqualTo(0x1f);
    assertThat(Mvt.names(Mvt.gunzip(body))).contains("Musée Océanographique");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {MUSEUM, "/maps/tileset/osm_buildings", "/maps/table/osm_buildings"})
  void everyMethodButTheThreeReadsIsA405WithAllow(String path) {
    assertThat(AllowChecks.assertAllowListsExactlyWhatThePathAnswers(path))
        .isEqualTo("GET, HEAD, OPTIONS");
  }

  @Test
  void aMethodOnAPathTheApiDoesNotHaveIsStillA404() {
    given().post("/maps/nothing/here").then().statusCode(404);
  }

  @Test
  void tilesAndTileJsonAllowAnyOriginWithOrWithoutAnOriginHeader() {
    for (String path : new String[] {MUSEUM, "/maps/tileset/osm_buildings"}) {
      given()
          .header("Origin", "https://fiddle.example")
          .when()
          .get(path)
          .then()
          .statusCode(200)
          .header("Access-Control-Allow-Origin", "*")
          .header("Access-Control-Expose-Headers", containsString("X-Cache"))
          .header("Vary", org.hamcrest.Matchers.not(containsString("Origin")));
      // The same answer without Origin: a cached copy is right for every origin.
      given().when().get(path).then().header("Access-Control-Allow-Origin", "*");
    }
  }

  @Test
  void answersAPreflightForAnyOriginWithoutTouchingTheStore() {
    given()
        .header("Origin", "https://fiddle.example")
        .header("Access-Control-Request-Method", "GET")
        .header("Access-Control-Request-Headers", "x-request-id")
        .when()
        .options(MUSEUM)
        .then()
        .statusCode(204)
        .header("Access-Control-Allow-Origin", "*")
        .header("Access-Control-Allow-Methods", containsString("GET"))
        .header("Access-Control-Allow-Headers", "x-request-id")
        .header("Cache-Control", "no-store");
  }

  @Test
  void decompressesForAClientThatDoesNotAcceptGzip() {
    Response response =
        raw()
            .header("Accept-Encoding", "identity")
            .when()
            .get(MUSEUM)
            .then()
            .statusCode(200)
            .extract()
            .response();
    assertThat(response.header("Content-Encoding")).isNull();
    assertThat(Mvt.names(response.asByteArray())).contains("Musée Océanographique");
  }

  @Test
  void tileOutsideTheSampleAreaIsNoContent() {
    given().when().get("/maps/tileset/osm_buildings/14/0/0").then().statusCode(204);
    given().when().get("/maps/tileset/osm_buildings/11/1066/746").then().statusCode(204);
  }

  @Test
  void tileInsideTheBoxWithNoBuildingIsNoContent() {
    // z16 column 34115 is the far west of the box; its northern rows are open sea
    int found = 0;
    for (int y = 23890; y <= 23905; y++) {
      int status = given().when().get("/maps/tileset/osm_buildings/16/34115/" + y).statusCode();
      assertThat(status).isIn(200, 204);
      found += status == 204 ? 1 : 0;
    }
    assertThat(found).isPositive();
  }

  @Test
  void rejectsBadCoordinatesWithAJson400() {
    for (String path :
        new String[] {
          "/maps/tileset/osm_buildings/abc/1/1",
          "/maps/tileset/osm_buildings/25/1/1",
          "/maps/tileset/osm_buildings/14/16384/1",
          "/maps/tileset/osm_buildings/14/1/-1",
          "/maps/tileset/osm_buildings/2/1/1.5",
          "/maps/tileset/bad$id/14/1/1",
          "/maps/tileset/osm_buildings/14/1/1?v=x'y"
        }) {
      given()
          .when()
          .get(path)
          .then()
          .statusCode(400)
          .contentType(containsString("application/json"))
          .body("error", equalTo("bad_request"));
    }
  }

  @Test
  void unknownTilesetIsAJson404() {
    given()
        .when()
        .get("/maps/tileset/no_such_tileset/14/8529/5974")
        .then()
        .statusCode(404)
        .header("Cache-Control", "no-store")
        .body("error", equalTo("unknown_tileset"));
  }

  @Test
  void sendsCacheHeadersAndAnswers304ToAMatchingIfNoneMatch() {
    Response first =
        given().header("Accept-Encoding", "gzip").when().get(MUSEUM).then().extract().response();
    String etag = first.header("ETag");
    assertThat(etag).matches("\"[0-9a-f]{16}-14-8529-5974\"");
    assertThat(first.header("Cache-Control")).isEqualTo("public, max-age=86400");
    given()
        .header("Accept-Encoding", "gzip")
        .header("If-None-Match", etag)
        .when()
        .get(MUSEUM)
        .then()
        .statusCode(304)
        .header("ETag", etag);
    given()
        .header("Accept-Encoding", "gzip")
        .header("If-None-Match", "\"something-else\"")
        .when()
        .get(MUSEUM)
        .then()
        .statusCode(200);
  }

  @Test
  void theUncompressedRepresentationHasItsOwnStrongEtag() {
    String gzip = raw().header("Accept-Encoding", "gzip").get(MUSEUM).header("ETag");
    String identity = raw().header("Accept-Encoding", "identity").get(MUSEUM).header("ETag");
    assertThat(identity).isNotEqualTo(gzip).endsWith("-raw\"");
  }

  @Test
  void tileJsonDescribesTheTileset() {
    Response response =
        given()
            .when()
            .get("/maps/tileset/osm_buildings")
            .then()
            .statusCode(200)
            .extract()
            .response();
    assertThat(response.contentType()).startsWith("application/json");
    assertThat(response.jsonPath().getString("tilejson")).isEqualTo("3.0.0");
    assertThat(response.jsonPath().getString("attribution")).contains("OpenStreetMap contributors");
    assertThat(response.jsonPath().getInt("minzoom")).isEqualTo(12);
    assertThat(response.jsonPath().getInt("maxzoom")).isEqualTo(16);
    assertThat(response.jsonPath().getList("bounds", Float.class)).hasSize(4);
    assertThat(response.jsonPath().getString("vector_layers[0].id")).isEqualTo("buildings");
    String tiles = response.jsonPath().getString("tiles[0]");
    assertThat(tiles)
        .matches("http://[^/]+/maps/tileset/osm_buildings/\\{z}/\\{x}/\\{y}\\?v=[0-9a-f]{16}");
    assertThat(response.header("Cache-Control")).isEqualTo("public, max-age=300");
    given()
        .header("If-None-Match", response.header("ETag"))
        .when()
        .get("/maps/tileset/osm_buildings")
        .then()
        .statusCode(304);
  }

  @Test
  void tileJsonUsesTheHostTheClientUsed() {
    given()
        .header("X-Forwarded-Host", "tiles.example.org")
        .header("X-Forwarded-Proto", "https")
        .when()
        .get("/maps/tileset/osm_buildings")
        .then()
        .body("tiles[0]", containsString("https://tiles.example.org/maps/tileset/osm_buildings/"));
  }

  @Test
  void tableIsGeoJsonOfEveryBuilding() {
    Response response =
        given()
            .when()
            .get("/maps/table/osm_buildings?geomField=geom&format=geojson")
            .then()
            .statusCode(200)
            .extract()
            .response();
    assertThat(response.contentType()).startsWith("application/geo+json");
    assertThat(response.header("Cache-Control")).isEqualTo("public, max-age=300");
    assertThat(response.jsonPath().getString("type")).isEqualTo("FeatureCollection");
    assertThat(response.jsonPath().getList("features")).hasSize(1207);
    assertThat(response.jsonPath().getString("features[0].geometry.type"))
        .isEqualTo("MultiPolygon");
    assertThat(response.jsonPath().getMap("features[0].properties"))
        .containsKey("osm_type")
        .doesNotContainKey("geom");
  }

  @Test
  void tableRejectsBadParametersAndUnknownTables() {
    given()
        .when()
        .get("/maps/table/osm_buildings?format=csv")
        .then()
        .statusCode(400)
        .body("error", equalTo("bad_request"));
    given().when().get("/maps/table/osm_buildings?geomField=geom;drop").then().statusCode(400);
    given()
        .when()
        .get("/maps/table/osm_buildings?geomField=nope")
        .then()
        .statusCode(400)
        .body("message", containsString("no column 'nope'"));
    given()
        .when()
        .get("/maps/table/tileset_tiles")
        .then()
        .statusCode(404)
        .header("Cache-Control", "no-store")
        .body("error", equalTo("unknown_table"));
  }

  @Test
  void readyWhileTheDatabaseAnswers() {
    given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
  }

  @Test
  void repliesNameTheReplicaAndCarryNoCookies() {
    given()
        .when()
        .get(MUSEUM)
        .then()
        .header("X-Served-By", org.hamcrest.Matchers.not(nullValue()))
        .header("Set-Cookie", nullValue());
  }
}
