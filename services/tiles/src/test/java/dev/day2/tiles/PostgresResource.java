package dev.day2.tiles;

import dev.day2.postgres.testing.TestPostgres;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Gives the service under test (in-process or the packaged jar) a fresh database through the same
 * DB_* settings a deployment uses; TILES_SEED loads the Monaco tileset into it at start.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {
  @Override
  public Map<String, String> start() {
    Map<String, String> settings = new HashMap<>(TestPostgres.newDatabase("tiles"));
    settings.put("TILES_SEED", "true");
    return settings;
  }

  @Override
  public void stop() {
    // the server is shared by the whole test JVM and stopped when it exits
  }
}
