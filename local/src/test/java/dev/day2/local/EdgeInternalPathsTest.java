package dev.day2.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The edge keeps the services' own endpoints ({@code /q/...}: metrics, and whatever a framework
 * adds there) inside, however the path is spelled, and passes what the outside needs: the health
 * probes (the outside-in canary reads readiness) and preferences' OpenAPI document. The real
 * haproxy with the shipped config, in front of a stand-in that says which path reached it.
 */
class EdgeInternalPathsTest {
  @TempDir Path tmp;
  private StandInEdge stands;
  private EdgeClient edge;

  @BeforeEach
  void start() throws Exception {
    stands = new StandInEdge(tmp);
    HttpServer hello = stands.standIn("hello");
    HttpServer preferences = stands.standIn("preferences");
    edge =
        stands.start(
            Map.of(
                "HELLO_R1", StandInEdge.address(hello),
                "HELLO_R2", StandInEdge.address(hello),
                "PREFERENCES_R1", StandInEdge.address(preferences),
                "PREFERENCES_R2", StandInEdge.address(preferences)));
    assertThat(StandInEdge.awaitFrom(edge, "hello.localhost", "/", "hello"::equals)).isTrue();
    assertThat(StandInEdge.awaitFrom(edge, "preferences.localhost", "/", "preferences"::equals))
        .isTrue();
  }

  @AfterEach
  void stop() throws Exception {
    stands.close();
  }

  /**
   * GET {@code path} on hello's host, sent as raw bytes (an HTTP client would normalize some of
   * these spellings before sending them); the whole answer.
   */
  private String rawGet(String path) throws Exception {
    return edge.raw(
        "127.0.0.1",
        "GET " + path + " HTTP/1.1\r\nHost: hello.localhost\r\nConnection: close\r\n\r\n");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/q/metrics",
        "/q/metrics/",
        "/q/metrics?x=1",
        "//q/metrics",
        "/q//metrics",
        "/q/%6Detrics",
        "/%71/metrics",
        "/q%2Fmetrics",
        "/Q/metrics",
        "/q;x=1/metrics",
        "/q/health/../metrics",
        "/x/../q/metrics",
        "/q/dev/",
        "/q/",
        "/q"
      })
  void internalPathsAreA404FromTheEdge(String path) throws Exception {
    String answer = rawGet(path);
    assertThat(answer).as(path).startsWith("HTTP/1.1 404");
    assertThat(answer).as(path).contains("\"error\":\"not_found\"").doesNotContain("X-From");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/q/metrics%zz", "/%71/metrics%zz", "/x%"})
  void aPathThatIsNotValidPercentEncodingIsA400(String path) throws Exception {
    String answer = rawGet(path);
    assertThat(answer).as(path).startsWith("HTTP/1.1 400");
    assertThat(answer).as(path).contains("\"error\":\"bad_request\"").doesNotContain("X-From");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/q/health", "/q/health/live", "/q/health/ready", "/q/health/started"})
  void healthProbesPassToTheService(String path) throws Exception {
    HttpResponse<String> answer = edge.get("hello.localhost", path);
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValue("X-From")).hasValue("hello");
    assertThat(answer.body()).isEqualTo(path);
  }

  @Test
  void preferencesOpenApiDocumentPassesAndTheApiIsUntouched() throws Exception {
    for (String path : new String[] {"/q/openapi", "/v1/users/u1/preferences/analytics", "/"}) {
      HttpResponse<String> answer = edge.get("preferences.localhost", path);
      assertThat(answer.statusCode()).as(path).isEqualTo(200);
      assertThat(answer.body()).as(path).isEqualTo(path);
    }
    // A path segment merely containing a q is not an internal path.
    assertThat(edge.get("hello.localhost", "/quiet/q1").body()).isEqualTo("/quiet/q1");
  }
}
