package dev.day2.preferences;

import static dev.day2.preferences.TestTokens.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A consent API is not open to the world: every {@code /v1} call needs a bearer JWT from the
 * configured issuer for the configured audience, signed by the configured key and not expired.
 * Anything else is a 401 JSON answer with a Bearer challenge, never a 500 and never data; health,
 * metrics and OpenAPI stay open. Tokens are signed by the test itself ({@link TestTokens}).
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(JwtResource.class)
class AuthenticationTest {
  private static final String ONE = "/v1/users/{u}/preferences/{p}";

  @BeforeEach
  void noDefaultToken() {
    RestAssured.requestSpecification = null;
  }

  @Test
  void aTokenIsVerifiedOnceThenFoundInTheCache() {
    String user = "cache-" + UUID.randomUUID();
    String token = TestTokens.forUser(user);
    double before = PreferenceReadRouteTest.cacheLookups("hit");
    for (int i = 0; i < 3; i++) {
      as(token).get("/v1/users/{u}/preferences", user).then().statusCode(200);
    }
    assertThat(PreferenceReadRouteTest.cacheLookups("hit") - before)
        .as("verified once, then two hits")
        .isEqualTo(2);
  }

  private static void putWithAValidToken(String user) {
    as(TestTokens.valid())
        .contentType(ContentType.JSON)
        .body("{\"enabled\":true}")
        .put(ONE, user, "analytics")
        .then()
        .statusCode(200);
  }

  @Test
  void aValidTokenIsLetThrough() {
    String user = "auth-" + UUID.randomUUID();
    putWithAValidToken(user);
    as(TestTokens.valid()).get(ONE, user, "analytics").then().statusCode(200);
  }

  @Test
  void noTokenIsA401JsonWithABearerChallenge() {
    given()
        .get("/v1/users/{u}/preferences", "someone")
        .then()
        .statusCode(401)
        .contentType(containsString("application/json"))
        .header("WWW-Authenticate", containsString("Bearer"))
        .body("error", equalTo("unauthorized"))
        .body("message", containsString("bearer token"));
  }

  @Test
  void noTokenWritesNothing() {
    String user = "auth-" + UUID.randomUUID();
    given()
        .contentType(ContentType.JSON)
        .body("{\"enabled\":true}")
        .put(ONE, user, "analytics")
        .then()
        .statusCode(401);
    given().delete(ONE, user, "analytics").then().statusCode(401);
    as(TestTokens.valid()).get(ONE, user, "analytics").then().statusCode(404);
  }

  @Test
  void noTokenErasesNothing() {
    String user = "auth-" + UUID.randomUUID();
    putWithAValidToken(user);
    given().delete("/v1/users/{u}/preferences", user).then().statusCode(401);
    as(TestTokens.valid()).get(ONE, user, "analytics").then().statusCode(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"expired", "wrongIssuer", "wrongAudience", "wrongKey"})
  void aBadTokenIsA401Json(String kind) {
    String token =
        switch (kind) {
          case "expired" -> TestTokens.expired();
          case "wrongIssuer" -> TestTokens.wrongIssuer();
          case "wrongAudience" -> TestTokens.wrongAudience();
          default -> TestTokens.wrongKey();
        };
    as(token)
        .get("/v1/users/{u}/preferences", "someone")
        .then()
        .statusCode(401)
        .contentType(containsString("application/json"))
        .header("WWW-Authenticate", containsString("error=\"invalid_token\""))
        .body("error", equalTo("invalid_token"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Bearer not-a-jwt",
        "Bearer a.b.c",
        "Bearer ",
        "Basic YW55OnBhc3N3b3Jk",
        "Bearer eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4In0."
      })
  void garbageInTheHeaderIsA401NotA500(String header) {
    given()
        .header("Authorization", header)
        .get("/v1/users/{u}/preferences", "someone")
        .then()
        .statusCode(401)
        .contentType(containsString("application/json"));
  }

  @Test
  void aTokenFromJwtTokenShIsAccepted() throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
                "bash",
                "jwt-token.sh",
                TestTokens.privateKeyFile().toString(),
                TestTokens.ISSUER,
                TestTokens.AUDIENCE,
                "60")
            .redirectErrorStream(true);
    // an end user's token (no scope): its own preferences only (ADR 0094)
    builder.environment().put("JWT_SUBJECT", "script-user");
    builder.environment().put("JWT_SCOPE", "");
    Process script = builder.start();
    String token = new String(script.getInputStream().readAllBytes()).strip();
    assertThat(script.waitFor()).as(token).isZero();
    as(token).get("/v1/users/{u}/preferences", "script-user").then().statusCode(200);
    as(token).get("/v1/users/{u}/preferences", "someone-else").then().statusCode(403);
    builder.environment().remove("JWT_SCOPE"); // the default: a service client's admin scope
    Process admin = builder.start();
    String adminToken = new String(admin.getInputStream().readAllBytes()).strip();
    assertThat(admin.waitFor()).as(adminToken).isZero();
    as(adminToken).get("/v1/users/{u}/preferences", "someone-else").then().statusCode(200);
  }

  @Test
  void healthMetricsAndOpenApiStayOpenEvenWithABadToken() {
    given().get("/q/health/ready").then().statusCode(200);
    given().get("/q/metrics").then().statusCode(200);
    given().get("/q/openapi").then().statusCode(200);
    as(TestTokens.wrongKey()).get("/q/health/live").then().statusCode(200);
  }
}
