package dev.day2.preferences;

import static dev.day2.preferences.TestTokens.as;
import static io.restassured.RestAssured.given;
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
 * A valid token is not enough (ADR 0094): an end user's token ({@code sub}) reaches only that
 * user's preferences; a service client needs the {@code preferences:admin} scope for anyone's.
 * Anything else is a 403 JSON answer saying why, and nothing is read or written. Against real
 * PostgreSQL ({@link PostgresResource}) with tokens the test signs ({@link TestTokens}).
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(JwtResource.class)
class AuthorizationTest {
  private static final String ALL = "/v1/users/{u}/preferences";
  private static final String ONE = "/v1/users/{u}/preferences/{p}";

  @BeforeEach
  void noDefaultToken() {
    RestAssured.requestSpecification = null;
  }

  private static String newUser() {
    return "authz-" + UUID.randomUUID();
  }

  @Test
  void aUserReadsAndWritesItsOwnPreferences() {
    String alice = newUser();
    String token = TestTokens.forUser(alice);
    as(token)
        .contentType(ContentType.JSON)
        .body("{\"enabled\":true}")
        .put(ONE, alice, "analytics")
        .then()
        .statusCode(200)
        .body("enabled", equalTo(true));
    as(token).get(ONE, alice, "analytics").then().statusCode(200);
    as(token).get(ALL, alice).then().statusCode(200).body("size()", equalTo(1));
    as(token).delete(ONE, alice, "analytics").then().statusCode(204);
    as(token).delete(ALL, alice).then().statusCode(204);
  }

  @Test
  void aUserCannotReadAnotherUsersPreferences() {
    String alice = newUser();
    String bob = newUser();
    as(TestTokens.valid())
        .contentType(ContentType.JSON)
        .body("{\"enabled\":true}")
        .put(ONE, bob, "analytics")
        .then()
        .statusCode(200);
    as(TestTokens.forUser(alice))
        .get(ALL, bob)
        .then()
        .statusCode(403)
        .contentType(containsString("application/json"))
        .body("error", equalTo("forbidden"))
        .body("message", containsString("its own preferences"))
        .body("message", containsString("preferences:admin"));
    as(TestTokens.forUser(alice)).get(ONE, bob, "analytics").then().statusCode(403);
  }

  @Test
  void aUserCannotWriteOrDeleteAnotherUsersPreferences() {
    String alice = newUser();
    String bob = newUser();
    as(TestTokens.valid())
        .contentType(ContentType.JSON)
        .body("{\"enabled\":true}")
        .put(ONE, bob, "ads")
        .then()
        .statusCode(200);
    as(TestTokens.forUser(alice))
        .contentType(ContentType.JSON)
        .body("{\"enabled\":false}")
        .put(ONE, bob, "ads")
        .then()
        .statusCode(403)
        .body("error", equalTo("forbidden"));
    as(TestTokens.forUser(alice)).delete(ONE, bob, "ads").then().statusCode(403);
    as(TestTokens.forUser(alice)).delete(ALL, bob).then().statusCode(403);
    // bob's row is untouched: still there, still enabled
    as(TestTokens.valid())
        .get(ONE, bob, "ads")
        .then()
        .statusCode(200)
        .body("enabled", equalTo(true));
  }

  @ParameterizedTest
  @ValueSource(strings = {"preferences:read", "openid profile", "preferences:administrator", ""})
  void anotherScopeGrantsNothing(String scope) {
    String bob = newUser();
    as(TestTokens.with("service-x", scope))
        .get(ALL, bob)
        .then()
        .statusCode(403)
        .body("error", equalTo("forbidden"));
  }

  @Test
  void theAdminScopeReachesEveryUserAmongOthers() {
    String bob = newUser();
    as(TestTokens.with("consent-ui", "openid preferences:admin"))
        .contentType(ContentType.JSON)
        .body("{\"enabled\":true}")
        .put(ONE, bob, "ads")
        .then()
        .statusCode(200);
    as(TestTokens.with("support-tool", "preferences:admin")).get(ALL, bob).then().statusCode(200);
    as(TestTokens.with("support-tool", "preferences:admin"))
        .delete(ALL, bob)
        .then()
        .statusCode(204);
    as(TestTokens.with("support-tool", "preferences:admin"))
        .get(ALL, bob)
        .then()
        .statusCode(200)
        .body("size()", equalTo(0));
  }

  /** SmallRye JWT itself refuses a token without a subject: 401, before any rule of ours. */
  @Test
  void aTokenWithoutSubjectIsA401EvenWithTheAdminScope() {
    as(TestTokens.with(null, null))
        .get(ALL, newUser())
        .then()
        .statusCode(401)
        .body("error", equalTo("invalid_token"));
    as(TestTokens.with(null, "preferences:admin")).get(ALL, newUser()).then().statusCode(401);
  }

  @Test
  void theSmokeTestClientReadsItsOwnUserWithoutAScope() {
    as(TestTokens.forUser("pipeline-smoke-test"))
        .get(ALL, "pipeline-smoke-test")
        .then()
        .statusCode(200);
  }

  /** The OpenAPI document tells clients about the 401 and the 403 of every operation. */
  @Test
  void theOpenApiDocumentListsThe403() {
    var paths =
        given()
            .accept("application/json")
            .get("/q/openapi")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    for (String op :
        new String[] {
          "paths.'/v1/users/{userId}/preferences'.get",
          "paths.'/v1/users/{userId}/preferences'.delete",
          "paths.'/v1/users/{userId}/preferences/{purpose}'.get",
          "paths.'/v1/users/{userId}/preferences/{purpose}'.put",
          "paths.'/v1/users/{userId}/preferences/{purpose}'.delete"
        }) {
      org.assertj.core.api.Assertions.assertThat(paths.getMap(op + ".responses"))
          .as(op)
          .containsKeys("401", "403");
    }
  }

  @Test
  void aMalformedUserIdIsStillA400NotA403() {
    as(TestTokens.forUser("alice")).get(ALL, "not a valid id!").then().statusCode(400);
    as(TestTokens.forUser("alice")).delete(ALL, "not a valid id!").then().statusCode(400);
  }
}
