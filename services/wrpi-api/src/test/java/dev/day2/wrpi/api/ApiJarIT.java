package dev.day2.wrpi.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.day2.redis.testing.RedisServer;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as a process, as production runs it: it refuses to start without its settings,
 * and its real JSON log feeds the fail2ban filter one line per failed login.
 */
class ApiJarIT {
  private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

  @TempDir Path tmp;

  @Test
  void refusesToStartWithoutAppPassword() throws Exception {
    for (Map<String, String> env : List.of(Map.<String, String>of(), Map.of("APP_PASSWORD", " "))) {
      Result result = runToExit(env);
      assertThat(result.exitCode()).isEqualTo(2);
      assertThat(result.lines())
          .containsExactly(
              "wrpi-api: APP_PASSWORD is required: the password clients must send (HTTP Basic)");
    }
  }

  @Test
  void refusesToStartWithANonNumericRedisPort() throws Exception {
    Result result = runToExit(Map.of("APP_PASSWORD", "x", "REDIS_PORT", "63 79"));
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.lines())
        .containsExactly(
            "wrpi-api: REDIS_PORT must be a whole number from 1 to 65535, got \"63 79\"");
  }

  @Test
  void logsOneFail2banLinePerFailedLogin() throws Exception {
    int port = RedisServer.freePort();
    Path log = tmp.resolve("wrpi-api.log");
    Process api = start(Map.of("APP_PASSWORD", "right", "PORT", "" + port), log);
    try {
      HttpClient http = HttpClient.newHttpClient();
      awaitLive(http, port, api);
      String base = "http://127.0.0.1:" + port;
      List<String> credentials = List.of("any:wrong", "any:", "no-colon");
      for (String credential : credentials) {
        assertThat(get(http, base + "/v0/wrpi", credential)).isEqualTo(401);
      }
      assertThat(get(http, base + "/v0/wrpi", "any:x", "198.51.100.1"))
          .as("X-Forwarded-For is not trusted by default")
          .isEqualTo(401);
      assertThat(get(http, base + "/v0/wrpi", null)).isEqualTo(401);
      String decoy = base + "/wrpi-api%20auth%20failure%20from%20192.0.2.1";
      assertThat(get(http, decoy, "any:wrong")).isEqualTo(404);
      assertThat(get(http, base + "/v0/wrpi", "any:right")).as("no Redis here").isEqualTo(503);
    } finally {
      api.destroy();
      api.waitFor(20, TimeUnit.SECONDS);
    }
    assertThat(Fail2banRegex.matchedHosts(log, tmp))
        .containsExactly("127.0.0.1", "127.0.0.1", "127.0.0.1", "127.0.0.1", "127.0.0.1");
  }

  @Test
  void logsTheForwardedClientWhenTheProxyIsTrusted() throws Exception {
    int port = RedisServer.freePort();
    Path log = tmp.resolve("behind-proxy.log");
    Map<String, String> env =
        Map.of(
            "APP_PASSWORD", "right",
            "PORT", "" + port,
            "QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING", "true",
            "QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED", "true",
            "QUARKUS_HTTP_PROXY_TRUSTED_PROXIES", "127.0.0.1");
    Process api = start(env, log);
    try {
      HttpClient http = HttpClient.newHttpClient();
      awaitLive(http, port, api);
      assertThat(get(http, "http://127.0.0.1:" + port + "/v0/wrpi", "any:x", "203.0.113.9"))
          .isEqualTo(401);
    } finally {
      api.destroy();
      api.waitFor(20, TimeUnit.SECONDS);
    }
    assertThat(Fail2banRegex.matchedHosts(log, tmp.resolve("f2b"))).containsExactly("203.0.113.9");
  }

  private record Result(int exitCode, List<String> lines) {}

  private Result runToExit(Map<String, String> env) throws Exception {
    Path log = tmp.resolve("out-" + System.nanoTime() + ".log");
    Process process = start(env, log);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), Files.readAllLines(log, StandardCharsets.UTF_8));
  }

  private static Process start(Map<String, String> env, Path log) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(List.of("-XX:+UseSerialGC", "-jar", JAR.toString()));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder
        .environment()
        .keySet()
        .removeIf(n -> n.startsWith("REDIS_") || n.equals("APP_PASSWORD"));
    builder.environment().put("HOST", "127.0.0.1");
    builder.environment().put("REDIS_PORT", "" + RedisServer.freePort()); // nobody listens
    builder.environment().putAll(env);
    return builder.start();
  }

  private static void awaitLive(HttpClient http, int port, Process api) throws Exception {
    URI live = URI.create("http://127.0.0.1:" + port + "/q/health/live");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline && api.isAlive()) {
      try {
        if (http.send(HttpRequest.newBuilder(live).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          return;
        }
      } catch (java.io.IOException notYet) {
        // not listening yet
      }
      Thread.sleep(50); // polling interval of the readiness check
    }
    throw new AssertionError("the api did not come up; see " + new File("target"));
  }

  private static int get(HttpClient http, String url, String credentials) throws Exception {
    return get(http, url, credentials, null);
  }

  private static int get(HttpClient http, String url, String credentials, String forwardedFor)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
    if (forwardedFor != null) {
      request.header("X-Forwarded-For", forwardedFor);
    }
    if (credentials != null) {
      String encoded =
          Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
      request.header("Authorization", "Basic " + encoded);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
