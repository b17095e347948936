package dev.day2.preferences;

import dev.day2.postgres.testing.TestPostgres;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Gives the service under test (in-process or the packaged jar) a fresh database on the test JVM's
 * embedded PostgreSQL, through the same five DB_* settings a deployment uses.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {
  /** The database the running service uses, for tests that look at the table directly. */
  public static volatile String database;

  @Override
  public Map<String, String> start() {
    Map<String, String> settings = new HashMap<>(TestPostgres.newDatabase("preferences"));
    database = settings.get("DB_NAME");
    settings.put("DB_MIGRATE_AT_START", "true");
    return settings;
  }

  @Override
  public void stop() {
    // the server is shared by the whole test JVM and stopped when it exits
  }
}
