package dev.day2.preferences;

import static dev.day2.preferences.TestTokens.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reading one preference is served by {@link PreferenceReadRoute}, a plain Vert.x route, not by the
 * JAX-RS resource (ADR 0129): the same contract as the resource's calls, checked here on that path
 * for every answer it can give: 200, 401 with its challenge (no token, every kind of bad one), 403,
 * 400 for each id, 404, 406 and 400 for the {@code Accept} header; {@code HEAD}; {@code OPTIONS}
 * and the other methods left to the resource; the metric's route label and the OpenAPI document.
 * Real PostgreSQL ({@link PostgresResource}), tokens signed by the test ({@link TestTokens}).
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(JwtResource.class)
class PreferenceReadRouteTest {
  private static final String ONE = "/v1/users/{u}/preferences/{p}";

  @BeforeEach
  void noDefaultToken() {
    RestAssured.requestSpecification = null;
  }

  /** A user with one preference, {@code analytics} = true, written through the resource. */
  private static String userWithAPreference() {
    String user = "route-" + UUID.randomUUID();
    as(TestTokens.forUser(user))
        .contentType(ContentType.JSON)
        .body("{\"enabled\":true}")
        .put(ONE, user, "analytics")
        .then()
        .statusCode(200);
    return user;
  }

  @Test
  void servesThePreferenceAsTheResourceDidWithoutTheResource() {
    String user = userWithAPreference();
    Response answer = as(TestTokens.forUser(user)).get(ONE, user, "analytics");
    answer.then().statusCode(200).contentType("application/json;charset=UTF-8");
    assertThat(answer.jsonPath().getMap("$"))
        .containsOnlyKeys("userId", "purpose", "enabled", "updatedAt")
        .containsEntry("userId", user)
        .containsEntry("purpose", "analytics")
        .containsEntry("enabled", true);
    // RESTEasy's response filters run on every resource answer (ThreadKindHeader): not here.
    assertThat(answer.getHeader(ThreadKindHeader.HEADER)).isNull();
    assertThat(answer.getHeader("X-Served-By")).isNotBlank();
  }

  @Test
  void headAnswersLikeGetWithoutABody() {
    String user = userWithAPreference();
    as(TestTokens.forUser(user))
        .head(ONE, user, "analytics")
        .then()
        .statusCode(200)
        .contentType(containsString("application/json"))
        .body(emptyString());
    as(TestTokens.forUser(user)).head(ONE, user, "none").then().statusCode(404);
  }

  @Test
  void optionsAndTheOtherMethodsStayWithTheResource() {
    String user = userWithAPreference();
    String allow =
        as(TestTokens.forUser(user))
            .options(ONE, user, "analytics")
            .then()
            .statusCode(200)
            .extract()
            .header("Allow");
    assertThat(allow).contains("GET", "PUT", "DELETE");
    as(TestTokens.forUser(user)).delete(ONE, user, "analytics").then().statusCode(204);
    as(TestTokens.forUser(user)).get(ONE, user, "analytics").then().statusCode(404);
  }

  @Test
  void noTokenIsA401WithABearerChallenge() {
    given()
        .get(ONE, "someone", "analytics")
        .then()
        .statusCode(401)
        .contentType("application/json")
        .header("WWW-Authenticate", equalTo("Bearer realm=\"preferences\""))
        .body("error", equalTo("unauthorized"))
        .body("message", containsString("bearer token"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"expired", "wrongIssuer", "wrongAudience", "wrongKey", "noSubject"})
  void aBadTokenIsA401InvalidToken(String kind) {
    String token =
        switch (kind) {
          case "expired" -> TestTokens.expired();
          case "wrongIssuer" -> TestTokens.wrongIssuer();
          case "wrongAudience" -> TestTokens.wrongAudience();
          case "wrongKey" -> TestTokens.wrongKey();
          default -> TestTokens.with(null, "preferences:admin");
        };
    as(token)
        .get(ONE, "someone", "analytics")
        .then()
        .statusCode(401)
        .contentType("application/json")
        .header("WWW-Authenticate", containsString("error=\"invalid_token\""))
        .body("error", equalTo("invalid_token"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Bearer not-a-jwt | invalid_token",
        "Bearer a.b.c | invalid_token",
        "Bearer eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4In0. | invalid_token",
        "Bearer | unauthorized",
        "Bearer     | unauthorized",
        "Bearertoken | unauthorized",
        "Basic YW55OnBhc3N3b3Jk | unauthorized",
        "Token abc | unauthorized"
      })
  void garbageInTheHeaderIsA401NeverA500(String header, String error) {
    given()
        .header("Authorization", header)
        .get(ONE, "someone", "analytics")
        .then()
        .statusCode(401)
        .contentType("application/json")
        .body("error", equalTo(error));
  }

  @Test
  void theSchemeIsCaseInsensitive() {
    String user = userWithAPreference();
    given()
        .header("Authorization", "bearer " + TestTokens.forUser(user))
        .get(ONE, user, "analytics")
        .then()
        .statusCode(200);
  }

  @Test
  void aTokenIsVerifiedOnceThenFoundInTheCache() {
    String user = userWithAPreference();
    String token = TestTokens.forUser(user); // a new token: signed now, never seen
    double hits = cacheLookups("hit");
    double misses = cacheLookups("miss");
    for (int i = 0; i < 3; i++) {
      as(token).get(ONE, user, "analytics").then().statusCode(200);
    }
    assertThat(cacheLookups("miss") - misses).as("verified once").isEqualTo(1);
    assertThat(cacheLookups("hit") - hits).as("then found").isEqualTo(2);
  }

  /** {@code preferences_token_cache_lookups_total{result}} now: "hit" or "miss". */
  static double cacheLookups(String result) {
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    return metrics
        .lines()
        .filter(
            l -> l.startsWith("preferences_token_cache_lookups_total{result=\"" + result + "\""))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  @Test
  void anotherUsersPreferenceIsA403AndTheAdminScopeReachesIt() {
    String bob = userWithAPreference();
    as(TestTokens.forUser("alice"))
        .get(ONE, bob, "analytics")
        .then()
        .statusCode(403)
        .contentType("application/json")
        .body("error", equalTo("forbidden"))
        .body("message", containsString("preferences:admin"));
    as(TestTokens.with("support-tool", "preferences:read"))
        .get(ONE, bob, "analytics")
        .then()
        .statusCode(403);
    as(TestTokens.with("support-tool", "openid preferences:admin"))
        .get(ONE, bob, "analytics")
        .then()
        .statusCode(200)
        .body("enabled", equalTo(true));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "has space | analytics | invalid_user_id",
        "a/b | analytics | invalid_user_id",
        "x% | analytics | invalid_user_id",
        "ümlaut | analytics | invalid_user_id",
        "ok | has space | invalid_purpose",
        "ok | semi;colon | invalid_purpose",
      })
  void aMalformedIdIsA400NamingIt(String user, String purpose, String error) {
    // The resource's order: a malformed user id is named before any access rule (the token here
    // is another user's), a purpose after it (the token is the user's own).
    as(TestTokens.forUser(user.equals("ok") ? "ok" : "someone-else"))
        .get(ONE, user, purpose)
        .then()
        .statusCode(400)
        .contentType("application/json")
        .body("error", equalTo(error));
  }

  @Test
  void idsOf129CharactersAreA400() {
    String long129 = "x".repeat(129);
    as(TestTokens.forUser(long129))
        .get(ONE, long129, "analytics")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_user_id"));
    as(TestTokens.forUser("u1"))
        .get(ONE, "u1", long129)
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_purpose"));
  }

  @Test
  void aMissingPreferenceIsA404Json() {
    String user = userWithAPreference();
    as(TestTokens.forUser(user))
        .get(ONE, user, "ads")
        .then()
        .statusCode(404)
        .contentType("application/json")
        .body("error", equalTo("not_found"))
        .body("message", equalTo("user " + user + " has no preference for purpose ads"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "application/json | 200",
        "application/* | 200",
        "*/* | 200",
        "text/plain;q=0.5, application/json | 200",
        "application/json;charset=UTF-8 | 200",
        "text/plain | 406",
        "text/html, text/* | 406",
        "application/json;q=0 | 406",
        "application/json;q=0, */* | 406",
        "application/xml | 406",
        ";;; | 400",
        "application/json;q=2 | 400"
      })
  void theAcceptHeaderIsNegotiated(String accept, int status) {
    String user = userWithAPreference();
    Response answer =
        as(TestTokens.forUser(user)).header("Accept", accept).get(ONE, user, "analytics");
    answer.then().statusCode(status).contentType(containsString("application/json"));
    if (status == 406) {
      assertThat(answer.jsonPath().getString("error")).isEqualTo("not_acceptable");
    } else if (status == 400) {
      assertThat(answer.jsonPath().getString("error")).isEqualTo("bad_request");
    }
  }

  @Test
  void itsMetricCarriesTheResourcesRouteTemplate() {
    String user = userWithAPreference();
    as(TestTokens.forUser(user)).get(ONE, user, "analytics").then().statusCode(200);
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    assertThat(metrics)
        .contains(
            "http_server_requests_seconds_count{method=\"GET\",outcome=\"SUCCESS\",status=\"200\","
                + "uri=\"/v1/users/{userId}/preferences/{purpose}\"}");
  }

  @Test
  void theOpenApiDocumentDescribesTheRead() {
    JsonPath doc =
        given()
            .accept("application/json")
            .get("/q/openapi")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    String get = "paths.'/v1/users/{userId}/preferences/{purpose}'.get";
    assertThat(doc.getMap(get + ".responses"))
        .containsKeys("200", "400", "401", "403", "404", "406", "503");
    assertThat(doc.getMap(get + ".responses.'200'.content.'application/json'.schema.properties"))
        .containsOnlyKeys("userId", "purpose", "enabled", "updatedAt");
    assertThat(doc.getList(get + ".security")).isNotEmpty();
    // The resource's operations on the same path are still read off its annotations.
    assertThat(doc.getMap("paths.'/v1/users/{userId}/preferences/{purpose}'"))
        .containsKeys("get", "put", "delete");
  }
}
