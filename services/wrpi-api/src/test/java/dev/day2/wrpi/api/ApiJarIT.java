package dev.day2.wrpi.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.day2.testing.process.Fail2banRegex;
import dev.day2.testing.process.FreePorts;
import dev.day2.testing.process.TestProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
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
    int port = FreePorts.next();
    Path log = tmp.resolve("wrpi-api.log");
    TestProcess api = start(Map.of("APP_PASSWORD", "right", "PORT", "" + port), log);
    try (api) {
      HttpClient http = HttpClient.newHttpClient();
      api.awaitHttp200("http://127.0.0.1:" + port + "/q/health/live", Duration.ofSeconds(60));
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
    }
    assertThat(Fail2banRegex.matchedHosts(Fail2banFilterTest.WRPI_FILTER, log, tmp))
        .containsExactly("127.0.0.1", "127.0.0.1", "127.0.0.1", "127.0.0.1", "127.0.0.1");
  }

  @Test
  void logsTheForwardedClientWhenTheProxyIsTrusted() throws Exception {
    int port = FreePorts.next();
    Path log = tmp.resolve("behind-proxy.log");
    Map<String, String> env =
        Map.of(
            "APP_PASSWORD", "right",
            "PORT", "" + port,
            "QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING", "true",
            "QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED", "true",
            "QUARKUS_HTTP_PROXY_TRUSTED_PROXIES", "127.0.0.1");
    TestProcess api = start(env, log);
    try (api) {
      HttpClient http = HttpClient.newHttpClient();
      api.awaitHttp200("http://127.0.0.1:" + port + "/q/health/live", Duration.ofSeconds(60));
      assertThat(get(http, "http://127.0.0.1:" + port + "/v0/wrpi", "any:x", "203.0.113.9"))
          .isEqualTo(401);
    }
    assertThat(Fail2banRegex.matchedHosts(Fail2banFilterTest.WRPI_FILTER, log, tmp.resolve("f2b")))
        .containsExactly("203.0.113.9");
  }

  private record Result(int exitCode, List<String> lines) {}

  private Result runToExit(Map<String, String> env) throws Exception {
    Path log = tmp.resolve("out-" + System.nanoTime() + ".log");
    try (TestProcess process = start(env, log)) {
      int exitCode = process.exitCode(Duration.ofSeconds(60));
      return new Result(exitCode, Files.readAllLines(log, StandardCharsets.UTF_8));
    }
  }

  /** The packaged jar; the developer's REDIS_* and APP_PASSWORD left out, Redis down. */
  private static TestProcess start(Map<String, String> env, Path log) {
    Map<String, String> all = new java.util.HashMap<>();
    all.put("HOST", "127.0.0.1");
    all.put("REDIS_PORT", "" + FreePorts.closed()); // nobody listens
    all.putAll(env);
    return TestProcess.startJar(
        "wrpi-api", JAR, List.of(), all, log, List.of("REDIS_", "APP_PASSWORD"));
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
