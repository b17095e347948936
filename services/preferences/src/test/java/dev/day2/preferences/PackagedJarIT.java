package dev.day2.preferences;

import static org.assertj.core.api.Assertions.assertThat;

import dev.day2.postgres.testing.TestPostgres;
import dev.day2.testing.process.TestProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The packaged jar's command line, as the pipeline and operators use it: {@code migrate} on an
 * empty database exits 0, a second run changes nothing, and a missing setting is one line, exit 2.
 */
class PackagedJarIT {
  private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

  /** The jar with {@code args}, to completion; the developer's own DB_* and JWT_* left out. */
  private static TestProcess.Finished run(Map<String, String> env, String... args) {
    return TestProcess.run(
        "preferences",
        TestProcess.jarCommand(JAR, List.of(args)),
        env,
        List.of("DB_", "JWT_"),
        Duration.ofSeconds(60));
  }

  @Test
  void migrateAppliesTheSchemaToAnEmptyDatabaseAndASecondRunChangesNothing() {
    Map<String, String> db = TestPostgres.newDatabase("jar_migrate");
    TestProcess.Finished first = run(db, "migrate");
    assertThat(first.exit()).as("stderr: %s", first.stderr()).isZero();
    assertThat(first.stdout())
        .contains(
            "migrate: applied %d migration(s); schema is at version %s"
                .formatted(ShippedMigrations.count(), ShippedMigrations.latestVersion()));

    TestProcess.Finished second = run(db, "migrate");
    assertThat(second.exit()).as("stderr: %s", second.stderr()).isZero();
    assertThat(second.stdout())
        .contains("migrate: schema is up to date at version " + ShippedMigrations.latestVersion());
  }

  @Test
  void migrateWithoutAPasswordExitsTwoWithOneLine() {
    Map<String, String> db = new HashMap<>(TestPostgres.newDatabase("jar_migrate"));
    db.remove("DB_PASSWORD");
    TestProcess.Finished run = run(db, "migrate");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.stderr()).isEqualTo("migrate: DB_PASSWORD is required\n");
  }

  @Test
  void serverRefusesToStartWithoutDbHostNamingIt() {
    Map<String, String> db = new HashMap<>(TestPostgres.newDatabase("jar_serve"));
    db.remove("DB_HOST");
    db.put("PORT", "0");
    TestProcess.Finished run = run(db);
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.stderr())
        .isEqualTo("preferences: DB_HOST is required (see the service README)\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"JWT_ISSUER", "JWT_AUDIENCE", "JWT_PUBLIC_KEY_LOCATION"})
  void serverRefusesToStartWithoutATokenSettingNamingIt(String missing) {
    Map<String, String> env = new HashMap<>(TestPostgres.newDatabase("jar_serve"));
    env.putAll(new JwtResource().start());
    env.remove(missing);
    env.put("PORT", "0");
    TestProcess.Finished run = run(env);
    assertThat(run.exit()).isEqualTo(2);
    String named =
        missing.equals("JWT_PUBLIC_KEY_LOCATION")
            ? "exactly one of JWT_PUBLIC_KEY and JWT_PUBLIC_KEY_LOCATION"
            : missing;
    assertThat(run.stderr())
        .isEqualTo("preferences: " + named + " is required (see the service README)\n");
  }

  @Test
  void serverRefusesBothAnInlineKeyAndALocation() {
    Map<String, String> env = new HashMap<>(TestPostgres.newDatabase("jar_serve"));
    env.putAll(new JwtResource().start());
    env.put("JWT_PUBLIC_KEY", TestTokens.publicKeyBase64());
    env.put("PORT", "0");
    TestProcess.Finished run = run(env);
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.stderr())
        .isEqualTo(
            "preferences: exactly one of JWT_PUBLIC_KEY and JWT_PUBLIC_KEY_LOCATION is required"
                + " (see the service README)\n");
  }

  @Test
  void anUnknownCommandExitsTwo() {
    TestProcess.Finished run = run(TestPostgres.newDatabase("jar_serve"), "migrat");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.stderr()).contains("unknown command 'migrat'");
  }
}
