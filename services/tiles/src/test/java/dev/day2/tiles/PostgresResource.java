package dev.day2.tiles;

import dev.day2.postgres.testing.TestPostgres;
import dev.day2.tileset.Seed;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.sql.SQLException;
import java.util.Map;

/**
 * Gives the service under test (in-process or the packaged jar) a fresh database through the same
 * DB_* settings a deployment uses, seeded first by {@code tileset-builder seed} (its {@link Seed},
 * a test-scope dependency) as the seed job does before a deployment's replicas start.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {
  @Override
  public Map<String, String> start() {
    Map<String, String> settings = TestPostgres.newDatabase("tiles");
    try {
      Seed.monaco(settings);
    } catch (SQLException e) {
      throw new IllegalStateException("seeding the test database failed", e);
    }
    return settings;
  }

  @Override
  public void stop() {
    // the server is shared by the whole test JVM and stopped when it exits
  }
}
