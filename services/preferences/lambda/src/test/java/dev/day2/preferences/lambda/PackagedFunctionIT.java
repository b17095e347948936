package dev.day2.preferences.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.day2.postgres.testing.TestPostgres;
import dev.day2.preferences.JwtResource;
import dev.day2.preferences.ShippedMigrations;
import dev.day2.preferences.migration.DbSettings;
import dev.day2.preferences.migration.Migrations;
import dev.day2.testing.process.TestProcess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deployable archive, run the way AWS runs it: {@code target/function.zip} unpacked, started by
 * AWS' own Lambda runtime interface client (the program inside the managed Java runtime) against a
 * Runtime API ({@link FakeLambdaRuntime}: the real one exists only inside AWS) and a real
 * PostgreSQL. Also measures the cold start (JVM start → first response through the handler); the
 * number is written to target/cold-start.txt for the README, not asserted.
 */
class PackagedFunctionIT {
  static final String API_HANDLER =
      "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";
  static final String MIGRATION_HANDLER = "dev.day2.preferences.lambda.MigrationHandler::migrate";
  static final String JAVA_TOOL_OPTIONS = "--add-opens=java.base/java.lang=ALL-UNNAMED";
  private static final Path FUNCTION = Path.of("target/function-unpacked");
  private static final Path LOG = Path.of("target/packaged-function.log");

  private TestProcess function;

  @BeforeAll
  static void unpack() throws IOException {
    if (Files.exists(FUNCTION)) {
      try (var paths = Files.walk(FUNCTION)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    try (ZipFile zip = new ZipFile("target/function.zip")) {
      for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
        Path target = FUNCTION.resolve(entry.getName()).normalize();
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          try (InputStream in = zip.getInputStream(entry)) {
            Files.copy(in, target);
          }
        }
      }
    }
  }

  @AfterEach
  void stop() {
    if (function != null) {
      function.close();
    }
  }

  /** Starts the unpacked archive with {@code handler}, as Lambda's Java runtime does. */
  private void start(String handler, FakeLambdaRuntime runtime, Map<String, String> db) {
    String classpath =
        String.join(":", FUNCTION.toString(), FUNCTION + "/lib/*", "target/lambda-ric/*");
    List<String> command =
        List.of(
            TestProcess.javaBinary(),
            // the managed runtime's defaults
            "-XX:+TieredCompilation",
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-cp",
            classpath,
            "com.amazonaws.services.lambda.runtime.api.client.AWSLambda",
            handler);
    Map<String, String> env = new HashMap<>(db);
    env.putAll(new JwtResource().start()); // what the stack sets: JWT_*
    env.put("AWS_LAMBDA_RUNTIME_API", runtime.address());
    env.put("AWS_LAMBDA_FUNCTION_NAME", "preferences");
    env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
    env.put("AWS_REGION", "eu-west-1");
    // set on the deployed function too (JBoss threads needs it on Java 24+; quarkus-run.jar's
    // manifest carries it, a Lambda classpath does not)
    env.put("JAVA_TOOL_OPTIONS", JAVA_TOOL_OPTIONS);
    function = TestProcess.start("preferences-lambda", command, env, LOG);
  }

  private static String await(CompletableFuture<String> response) throws Exception {
    try {
      return response.get(90, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no answer; function log:\n" + Files.readString(LOG), e);
    }
  }

  @Test
  void coldStartServesTheFirstRequestThroughTheHandler() throws Exception {
    Map<String, String> db = TestPostgres.newDatabase("lambda_cold");
    Migrations.migrate(DbSettings.from(db::get));
    try (FakeLambdaRuntime runtime = new FakeLambdaRuntime()) {
      CompletableFuture<String> first =
          runtime.enqueue(
              LambdaEvents.forUser(LambdaEvents.load("put-preference.json"), "lambda-u1", "cold")
                  .toString());
      long started = System.nanoTime();
      start(API_HANDLER, runtime, db);
      String body = await(first);
      Duration coldStart = Duration.ofNanos(System.nanoTime() - started);

      JsonNode proxy = LambdaEvents.JSON.readTree(body);
      assertThat(proxy.get("statusCode").asInt()).as(body).isEqualTo(200);
      assertThat(LambdaEvents.JSON.readTree(proxy.get("body").asText()).get("userId").asText())
          .isEqualTo("cold");

      long warmStarted = System.nanoTime();
      String warm =
          await(
              runtime.enqueue(
                  LambdaEvents.forUser(
                          LambdaEvents.load("get-preference.json"), "lambda-u1", "cold")
                      .toString()));
      Duration warmCall = Duration.ofNanos(System.nanoTime() - warmStarted);
      assertThat(LambdaEvents.JSON.readTree(warm).get("statusCode").asInt()).isEqualTo(200);

      assertThat(Files.readString(LOG))
          .doesNotContain("IllegalAccessError")
          .doesNotContain("NoClassDefFoundError");
      String line =
          "cold start (JVM start -> first PUT answered through the handler): "
              + coldStart.toMillis()
              + " ms; second request: "
              + warmCall.toMillis()
              + " ms\n";
      Files.writeString(Path.of("target/cold-start.txt"), line);
      System.out.print("preferences-lambda " + line);
    }
  }

  @Test
  void migrationHandlerMigratesAnEmptyDatabaseInsideTheLambdaRuntime() throws Exception {
    Map<String, String> db = TestPostgres.newDatabase("lambda_zip_migrate");
    try (FakeLambdaRuntime runtime = new FakeLambdaRuntime()) {
      CompletableFuture<String> first = runtime.enqueue("{}");
      CompletableFuture<String> second = runtime.enqueue("{}");
      start(MIGRATION_HANDLER, runtime, db);
      JsonNode applied = LambdaEvents.JSON.readTree(await(first));
      assertThat(applied.get("applied").asInt())
          .as(applied.toString())
          .isEqualTo(ShippedMigrations.count());
      JsonNode again = LambdaEvents.JSON.readTree(await(second));
      assertThat(again.get("applied").asInt()).isZero();
      assertThat(again.get("schemaVersion").asText()).isEqualTo(ShippedMigrations.latestVersion());
    }
  }
}
