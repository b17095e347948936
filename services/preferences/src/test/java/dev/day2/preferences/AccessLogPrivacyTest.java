package dev.day2.preferences;

import static dev.day2.preferences.TestTokens.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The failed requests preferences logs (ADR 0115) carry no user id (ADR 0136): the path's id is
 * {@code {userId}} on every route, the plain Vert.x read (ADR 0129) and the REST resource alike,
 * whether the token, the id or the body was wrong. The request id joins the line to the edge's.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(JwtResource.class)
class AccessLogPrivacyTest {
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Logger accessLog = Logger.getLogger("io.quarkus.http.access-log");
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          lines.add(record.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void listen() {
    RestAssured.requestSpecification = null;
    accessLog.addHandler(capture);
  }

  @AfterEach
  void stop() {
    accessLog.removeHandler(capture);
  }

  @Test
  void failedRequestsAreLoggedWithoutTheUserIdOfTheirPath() throws InterruptedException {
    String alice = "privacy-alice-" + UUID.randomUUID();
    String bob = "privacy-bob-" + UUID.randomUUID();
    String one = "/v1/users/{u}/preferences/{p}";
    as(TestTokens.forUser(alice))
        .header("X-Request-ID", "privacy-read")
        .get(one, bob, "analytics")
        .then()
        .statusCode(403);
    as(TestTokens.forUser(alice))
        .header("X-Request-ID", "privacy-write")
        .contentType(ContentType.JSON)
        .body("{\"enabled\":true}")
        .put(one, bob, "ads")
        .then()
        .statusCode(403);
    as(TestTokens.forUser(alice))
        .header("X-Request-ID", "privacy-body")
        .contentType(ContentType.JSON)
        .body("{\"enabled\":\"yes\"}")
        .put(one, alice, "ads")
        .then()
        .statusCode(400);
    given()
        .header("X-Request-ID", "privacy-token")
        .get("/v1/users/{u}/preferences", alice)
        .then()
        .statusCode(401);

    List<String> ids = List.of("privacy-read", "privacy-write", "privacy-body", "privacy-token");
    // Each line is written when its response has ended, just after the client has it.
    for (int i = 0; i < 200 && !ids.stream().allMatch(this::logged); i++) {
      Thread.sleep(10);
    }
    assertThat(lines)
        .filteredOn(l -> ids.stream().anyMatch(id -> l.endsWith("request_id=" + id)))
        .hasSize(4)
        .allMatch(l -> l.contains(" /v1/users/{userId}/preferences"))
        .noneMatch(l -> l.contains(alice) || l.contains(bob));
  }

  private boolean logged(String requestId) {
    return lines.stream().anyMatch(l -> l.endsWith("request_id=" + requestId));
  }
}
