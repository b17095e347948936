package dev.day2.preferences;

import static org.assertj.core.api.Assertions.assertThat;

import dev.day2.postgres.testing.TestPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The packaged jar's command line, as the pipeline and operators use it: {@code migrate} on an
 * empty database exits 0, a second run changes nothing, and a missing setting is one line, exit 2.
 */
class PackagedJarIT {
  private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

  record Run(int exit, String stdout, String stderr) {}

  private static Run run(Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                ProcessHandle.current().info().command().orElseThrow(),
                "-jar",
                JAR.toAbsolutePath().toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(k -> k.startsWith("DB_") || k.startsWith("JWT_"));
    builder.environment().putAll(env);
    Path out = Files.createTempFile("preferences-out", ".txt");
    Path err = Files.createTempFile("preferences-err", ".txt");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exits within 60 s").isTrue();
    Run run =
        new Run(
            process.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
    Files.delete(out);
    Files.delete(err);
    return run;
  }

  @Test
  void migrateAppliesTheSchemaToAnEmptyDatabaseAndASecondRunChangesNothing() throws Exception {
    Map<String, String> db = TestPostgres.newDatabase("jar_migrate");
    Run first = run(db, "migrate");
    assertThat(first.exit()).as("stderr: %s", first.stderr()).isZero();
    assertThat(first.stdout()).contains("migrate: applied 1 migration(s); schema is at version 1");

    Run second = run(db, "migrate");
    assertThat(second.exit()).as("stderr: %s", second.stderr()).isZero();
    assertThat(second.stdout()).contains("migrate: schema is up to date at version 1");
  }

  @Test
  void migrateWithoutAPasswordExitsTwoWithOneLine() throws Exception {
    Map<String, String> db = new HashMap<>(TestPostgres.newDatabase("jar_migrate"));
    db.remove("DB_PASSWORD");
    Run run = run(db, "migrate");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.stderr()).isEqualTo("migrate: DB_PASSWORD is required\n");
  }

  @Test
  void serverRefusesToStartWithoutDbHostNamingIt() throws Exception {
    Map<String, String> db = new HashMap<>(TestPostgres.newDatabase("jar_serve"));
    db.remove("DB_HOST");
    db.put("PORT", "0");
    Run run = run(db);
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.stderr())
        .isEqualTo("preferences: DB_HOST is required (see the service README)\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"JWT_ISSUER", "JWT_AUDIENCE", "JWT_PUBLIC_KEY_LOCATION"})
  void serverRefusesToStartWithoutATokenSettingNamingIt(String missing) throws Exception {
    Map<String, String> env = new HashMap<>(TestPostgres.newDatabase("jar_serve"));
    env.putAll(new JwtResource().start());
    env.remove(missing);
    env.put("PORT", "0");
    Run run = run(env);
    assertThat(run.exit()).isEqualTo(2);
    String named =
        missing.equals("JWT_PUBLIC_KEY_LOCATION")
            ? "exactly one of JWT_PUBLIC_KEY and JWT_PUBLIC_KEY_LOCATION"
            : missing;
    assertThat(run.stderr())
        .isEqualTo("preferences: " + named + " is required (see the service README)\n");
  }

  @Test
  void serverRefusesBothAnInlineKeyAndALocation() throws Exception {
    Map<String, String> env = new HashMap<>(TestPostgres.newDatabase("jar_serve"));
    env.putAll(new JwtResource().start());
    env.put("JWT_PUBLIC_KEY", TestTokens.publicKeyBase64());
    env.put("PORT", "0");
    Run run = run(env);
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.stderr())
        .isEqualTo(
            "preferences: exactly one of JWT_PUBLIC_KEY and JWT_PUBLIC_KEY_LOCATION is required"
                + " (see the service README)\n");
  }

  @Test
  void anUnknownCommandExitsTwo() throws Exception {
    Run run = run(TestPostgres.newDatabase("jar_serve"), "migrat");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.stderr()).contains("unknown command 'migrat'");
  }
}
