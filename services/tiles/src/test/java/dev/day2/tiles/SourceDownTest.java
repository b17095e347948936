package dev.day2.tiles;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.day2.testing.process.FreePorts;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PostgreSQL is not there: every tile answer is a 503 no cache may keep, never an empty 204. */
@QuarkusTest
@TestProfile(SourceDownTest.NoDatabase.class)
class SourceDownTest {
  public static class NoDatabase implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "DB_HOST", "127.0.0.1",
          "DB_PORT", Integer.toString(FreePorts.closed()),
          "DB_USER", "nobody",
          "DB_PASSWORD", "unused");
    }
  }

  @Test
  void sourceErrorIsAnUncacheable503NotA204() {
    given()
        .when()
        .get(TileResourceTest.MUSEUM)
        .then()
        .statusCode(503)
        .header("Cache-Control", "no-store")
        .contentType(containsString("application/json"))
        .body("error", equalTo("source_unavailable"));
    given().when().get("/maps/tileset/osm_buildings").then().statusCode(503);
  }

  @Test
  void notReadyWhileTheSourceIsDown() {
    given().when().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
    given().when().get("/q/health/live").then().statusCode(200);
  }
}
