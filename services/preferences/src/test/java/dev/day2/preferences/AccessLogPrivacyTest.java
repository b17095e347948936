package dev.day2.preferences;

import static dev.day2.preferences.TestTokens.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.day2.service.testing.AccessLogLines;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.UUID;
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
  @BeforeEach
  void noDefaultToken() {
    RestAssured.requestSpecification = null;
  }

  @Test
  void failedRequestsAreLoggedWithoutTheUserIdOfTheirPath() throws InterruptedException {
    String alice = "privacy-alice-" + UUID.randomUUID();
    String bob = "privacy-bob-" + UUID.randomUUID();
    String one = "/v1/users/{u}/preferences/{p}";
    List<String> ids = List.of("privacy-read", "privacy-write", "privacy-body", "privacy-token");
    List<String> lines =
        AccessLogLines.during(
            () -> {
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
            },
            ids.toArray(String[]::new));
    assertThat(lines)
        .filteredOn(l -> ids.stream().anyMatch(id -> l.endsWith("request_id=" + id)))
        .hasSize(4)
        .allMatch(l -> l.contains(" /v1/users/{userId}/preferences"))
        .noneMatch(l -> l.contains(alice) || l.contains(bob));
  }
}
