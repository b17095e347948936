package dev.day2.hello;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.day2.service.testing.AccessLogLines;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shared access log (libs/service-common AccessLog, ADR 0115) inside a real Quarkus app: with
 * the default {@code ACCESS_LOG=errors} a failed request is logged with its request id, a
 * successful one and a probe are not. (The slow threshold is raised here: a test JVM's first
 * requests can take longer than 500 ms; AccessLogTest covers the threshold.)
 */
@QuarkusTest
@TestProfile(AccessLogLinesTest.NoSlowRequests.class)
class AccessLogLinesTest {
  public static class NoSlowRequests implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("day2.access-log.slow-ms", "60000");
    }
  }

  @Test
  void logsTheFailedRequestOnlyWithItsRequestIdAndLatency() throws InterruptedException {
    List<String> lines =
        AccessLogLines.during(
            () -> {
              given().header("X-Request-ID", "ok-1").get("/").then().statusCode(200);
              given()
                  .header("X-Request-ID", "probe-1")
                  .get("/q/health/ready")
                  .then()
                  .statusCode(200);
              given()
                  .header("X-Request-ID", "missing-1")
                  .get("/no-such-page")
                  .then()
                  .statusCode(404);
            },
            "missing-1");
    assertThat(lines)
        .singleElement()
        .asString()
        .matches(
            "[0-9a-f.:]+ \"GET /no-such-page HTTP/1.1\" 404 [0-9]+ [0-9]+ ms request_id=missing-1");
  }
}
