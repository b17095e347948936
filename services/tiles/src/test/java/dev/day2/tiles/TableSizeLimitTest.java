package dev.day2.tiles;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(TableSizeLimitTest.SmallLimit.class)
@WithTestResource(PostgresResource.class)
class TableSizeLimitTest {
  public static class SmallLimit implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("MAX_JSON_RESPONSE_SIZE", "20000");
    }
  }

  @Test
  void answers413AboveMaxJsonResponseSize() {
    given()
        .when()
        .get("/maps/table/osm_buildings?geomField=geom&format=geojson")
        .then()
        .statusCode(413)
        .contentType(containsString("application/json"))
        .body("error", equalTo("response_too_large"))
        .body("message", containsString("MAX_JSON_RESPONSE_SIZE"));
  }
}
