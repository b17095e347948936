package dev.day2.tiles;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.day2.postgres.testing.TestPostgres;
import dev.day2.service.testing.GivingUp;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL that stops answering, for real: another session holds an exclusive lock on the tiles
 * table (what a long migration or a stuck transaction does), so the service's query waits. The read
 * gives up after TILES_SOURCE_TIMEOUT and answers a 503 no cache keeps; once the lock is gone the
 * next request is served. Without the bound the request waits for as long as the lock.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@TestProfile(StoreTimeoutTest.OneSecond.class)
class StoreTimeoutTest {
  public static class OneSecond implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("TILES_SOURCE_TIMEOUT", "1s", "TILES_TABLE_TIMEOUT", "1s");
    }
  }

  /** The test's own limit, far above the bound: without the bound the request fails here. */
  private static final Duration GIVE_UP = Duration.ofSeconds(15);

  @Test
  void aTileBehindALockIsA503WithinTheTimeoutThenServed() throws Exception {
    answers503WhileLockedThenServes("tileset_tiles", TileResourceTest.MUSEUM);
  }

  @Test
  void aTableBehindALockIsA503WithinTheTableTimeoutThenServed() throws Exception {
    answers503WhileLockedThenServes(
        "osm_buildings", "/maps/table/osm_buildings?geomField=geom&format=geojson");
  }

  private static void answers503WhileLockedThenServes(String table, String path) throws Exception {
    String database = ConfigProvider.getConfig().getValue("DB_NAME", String.class);
    // The lock is held while the request runs: a 503 can only come from the bound.
    TestPostgres.whileLocked(
        database,
        table,
        () ->
            GivingUp.after(GIVE_UP)
                .when()
                .get(path)
                .then()
                .statusCode(503)
                .header("Cache-Control", "no-store")
                .header("Retry-After", "5")
                .contentType(containsString("application/json"))
                .body("error", equalTo("source_unavailable")));
    given().when().get(path).then().statusCode(200);
  }
}
