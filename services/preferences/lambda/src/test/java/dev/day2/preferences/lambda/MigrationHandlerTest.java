package dev.day2.preferences.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.day2.postgres.testing.TestPostgres;
import dev.day2.preferences.ShippedMigrations;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The migration Lambda's handler method, called as the Lambda Java runtime calls it. */
class MigrationHandlerTest {
  @Test
  void migratesAnEmptyDatabaseThenASecondInvocationChangesNothing() {
    Map<String, String> env = TestPostgres.newDatabase("lambda_migrate");
    MigrationHandler handler = new MigrationHandler(env::get);

    String latest = ShippedMigrations.latestVersion();
    Map<String, Object> first = handler.migrate(Map.of(), null);
    assertThat(first)
        .containsEntry("applied", ShippedMigrations.count())
        .containsEntry("schemaVersion", latest);

    Map<String, Object> second = handler.migrate(Map.of(), null);
    assertThat(second).containsEntry("applied", 0).containsEntry("schemaVersion", latest);
    assertThat((String) second.get("summary"))
        .isEqualTo("schema is up to date at version " + latest);
  }

  /** ADR 0095: after Flyway, the handler makes the API's least-privilege login. */
  @Test
  void makesTheAppLoginAfterMigrating() {
    Map<String, String> env = new HashMap<>(TestPostgres.newDatabase("lambda_migrate"));
    TestPostgres.execute("ALTER ROLE " + env.get("DB_USER") + " CREATEROLE"); // as RDS' master
    env.put("APP_DB_USER", env.get("DB_NAME") + "_app");
    env.put("APP_DB_PASSWORD", "app-password-for-the-test");
    Map<String, Object> result = new MigrationHandler(env::get).migrate(Map.of(), null);
    assertThat(result).containsEntry("applied", 2);
    assertThat((String) result.get("appLogin"))
        .isEqualTo(
            "created login "
                + env.get("APP_DB_USER")
                + " with SELECT, INSERT, UPDATE, DELETE on preference, preference_event");
    Map<String, Object> again = new MigrationHandler(env::get).migrate(Map.of(), null);
    assertThat((String) again.get("appLogin")).startsWith("kept login ");
  }

  @Test
  void failsNamingAMissingVariable() {
    Map<String, String> env = new HashMap<>(TestPostgres.newDatabase("lambda_migrate"));
    env.remove("DB_HOST");
    assertThatThrownBy(() -> new MigrationHandler(env::get).migrate(Map.of(), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("DB_HOST is required");
  }

  @Test
  void failsWithOneLineWithoutThePasswordWhenTheDatabaseIsMissing() {
    Map<String, String> env = new HashMap<>(TestPostgres.newDatabase("lambda_migrate"));
    env.put("DB_NAME", "no_such_database");
    assertThatThrownBy(() -> new MigrationHandler(env::get).migrate(Map.of(), null))
        .isInstanceOf(MigrationHandler.MigrationFailed.class)
        .hasMessageStartingWith("migrate: failed on DbSettings[")
        .hasMessageContaining("no_such_database")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(env.get("DB_PASSWORD")))
        .satisfies(e -> assertThat(e.getMessage().lines()).hasSize(1));
  }
}
