package dev.day2.tiles;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/**
 * The BigQuery source. BigQuery cannot run here, so the real google-cloud-bigquery client talks to
 * {@link FakeBigQuery}, a local fake of the REST API, through its host option.
 */
@QuarkusTest
@TestProfile(BigQuerySourceTest.BigQuerySource.class)
@WithTestResource(FakeBigQueryResource.class)
class BigQuerySourceTest {
  public static class BigQuerySource implements QuarkusTestProfile {}

  @Test
  void servesATileReadFromBigQuery() {
    Response response =
        TileResourceTest.raw()
            .header("Accept-Encoding", "gzip")
            .when()
            .get(TileResourceTest.MUSEUM)
            .then()
            .statusCode(200)
            .extract()
            .response();
    assertThat(response.header("Content-Encoding")).isEqualTo("gzip");
    assertThat(Mvt.names(Mvt.gunzip(response.asByteArray()))).contains("Musée Océanographique");
  }

  @Test
  void queriesAreParameterisedAndHitOnePartition() {
    FakeBigQueryResource.fake.queries.clear();
    given().when().get("/maps/tileset/osm_buildings/15/17059/11949").then().statusCode(200);
    JsonNode query = FakeBigQueryResource.fake.queries.getLast();
    assertThat(query.path("query").asText())
        .isEqualTo(
            "SELECT data FROM `carto-demo-data.demo_tilesets.osm_buildings`"
                + " WHERE z = @z AND x = @x AND y = @y AND carto_partition = @p");
    assertThat(query.path("useLegacySql").asBoolean()).isFalse();
    assertThat(query.path("queryParameters").findValuesAsText("name"))
        .containsExactlyInAnyOrder("z", "x", "y", "p");
  }

  @Test
  void tileOutsideTheTilesetIs204WithoutAQuery() {
    FakeBigQueryResource.fake.queries.clear();
    given().when().get("/maps/tileset/osm_buildings/14/0/0").then().statusCode(204);
    assertThat(FakeBigQueryResource.fake.queries).isEmpty();
  }

  @Test
  void tileJsonComesFromTheMetadataRow() {
    given()
        .when()
        .get("/maps/tileset/osm_buildings")
        .then()
        .statusCode(200)
        .body("minzoom", equalTo(12))
        .body("maxzoom", equalTo(16));
  }

  @Test
  void unconfiguredTilesetIs404() {
    given().when().get("/maps/tileset/other/14/8529/5974").then().statusCode(404);
  }

  @Test
  void bigQueryErrorIsAnUncacheable503() {
    given()
        .when()
        .get("/maps/tileset/denied/14/8529/5974")
        .then()
        .statusCode(503)
        .header("Cache-Control", "no-store")
        .body("error", equalTo("source_unavailable"));
  }

  @Test
  void tableIsGeoJsonFromBigQuery() {
    given()
        .when()
        .get("/maps/table/osm_buildings?geomField=geom&format=geojson")
        .then()
        .statusCode(200)
        .body("type", equalTo("FeatureCollection"))
        .body("features.size()", equalTo(3))
        .body("features[0].geometry.type", equalTo("Point"))
        .body("features[2].properties.name", equalTo("building 3"));
    String sql = FakeBigQueryResource.fake.queries.getLast().path("query").asText();
    assertThat(sql).contains("ST_ASGEOJSON(t.`geom`)").contains("EXCEPT (`geom`)");
  }

  @Test
  void tableChecksTheGeometryColumnAgainstTheSchema() {
    given()
        .when()
        .get("/maps/table/osm_buildings?geomField=nope")
        .then()
        .statusCode(400)
        .body("message", org.hamcrest.Matchers.containsString("no column 'nope'"));
    given().when().get("/maps/table/other").then().statusCode(404);
  }
}
