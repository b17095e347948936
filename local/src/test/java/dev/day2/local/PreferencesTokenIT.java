package dev.day2.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code make run} with preferences: the runner makes this run's key pair, starts both replicas
 * trusting it and prints a token; that token works on either replica, and no token (or a token from
 * another key) is a 401 JSON answer.
 */
class PreferencesTokenIT {
  /** Free for every port of this run, not fixed: a running make run cannot collide. */
  static final int OFFSET =
      FreeOffset.pick(
          RunnerProcess.home(), Map.of("ONLY", "preferences", "EDGE", "0", "PROMETHEUS", "0"));

  /** The preferences replicas' ports in this run, from services.tsv. */
  static int preferences(int replica) {
    return Services.port("preferences") + replica * ServiceSpec.REPLICA_PORT_STEP + OFFSET;
  }

  @TempDir static Path tmp;
  static RunnerProcess runner;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    runner =
        RunnerProcess.start(
            Map.of(
                "ONLY", "preferences",
                "EDGE", "0",
                "PROMETHEUS", "0",
                "PORT_OFFSET", Integer.toString(OFFSET),
                "DAY2_RUN_DIR", tmp.resolve("run").toString()));
    assertThat(runner.awaitReady(240)).as("runner output: %s", runner.output).isTrue();
  }

  @AfterAll
  static void stop() throws Exception {
    if (runner != null) {
      runner.close();
    }
  }

  private static Optional<String> printedToken() {
    return runner.output.stream()
        .filter(line -> line.contains("this run's bearer token"))
        .map(line -> line.substring(line.lastIndexOf(' ') + 1))
        .findFirst();
  }

  private static HttpResponse<String> put(int port, String authorization) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/v1/users/token-it/preferences/analytics"))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString("{\"enabled\":true}"));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void thePrintedTokenWorksOnBothReplicas() throws Exception {
    String token = printedToken().orElseThrow(() -> new AssertionError(runner.output));
    for (int port : new int[] {preferences(0), preferences(1)}) {
      HttpResponse<String> put = put(port, "Bearer " + token);
      assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
      assertThat(put.body()).contains("\"userId\":\"token-it\"");
    }
  }

  @Test
  void withoutATokenOrWithAnotherKeysTokenItIsA401Json() throws Exception {
    HttpResponse<String> none = put(preferences(0), null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    assertThat(none.body()).contains("\"error\":\"unauthorized\"");

    String forged =
        LocalTokenIssuer.sign(
            LocalTokenIssuer.newKeyPair().getPrivate(),
            "forger",
            java.time.Instant.now(),
            java.time.Duration.ofMinutes(5));
    HttpResponse<String> bad = put(preferences(0), "Bearer " + forged);
    assertThat(bad.statusCode()).isEqualTo(401);
    assertThat(bad.body()).contains("\"error\":\"invalid_token\"");
  }
}
