package dev.day2.wrpi.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.day2.redis.testing.InjectRedisServer;
import dev.day2.redis.testing.RedisServer;
import dev.day2.redis.testing.RedisServerResource;
import dev.day2.service.testing.AllowChecks;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The HTTP contract of the original image, against a real redis-server. */
@QuarkusTest
@WithTestResource(RedisServerResource.class)
@WithTestResource(WrpiTestConfig.class)
class WrpiResourceTest {
  static final String UNAUTHORIZED =
      "{\"error\":\"please authenticate to use this API\",\"error_code\":\"forbidden\"}";

  @InjectRedisServer RedisServer redis;
  @WrpiTestConfig.Password String password;

  @BeforeEach
  void emptyRedis() {
    redis.start();
    redis.call("FLUSHALL");
  }

  @Test
  void indexListsTheRoutesWithoutAuth() {
    given()
        .get("/")
        .then()
        .statusCode(200)
        .contentType(containsString("application/json"))
        .body(
            equalTo(
                "{\"routes\":[\"/v0/wrpi\"],"
                    + "\"description\":\"randomising important numbers since 2021\"}"));
  }

  @Test
  void answersTheStoredReadingToTheRightPassword() {
    store("69.42", "2021-02-20T18:06:47+0000");
    authorized()
        .get("/v0/wrpi")
        .then()
        .statusCode(200)
        .contentType(containsString("application/json"))
        .body(
            equalTo(
                "{\"latest_value\":69.42,\"latest_calculation_at\":\"2021-02-20T18:06:47+0000\"}"));
  }

  @Test
  void acceptsAnyUserName() {
    store("100.0", "2021-02-20T18:06:47+0000");
    for (String user : new String[] {"", "alice", "ünïcode user"}) {
      given()
          .header("Authorization", basic(user + ":" + password))
          .get("/v0/wrpi")
          .then()
          .statusCode(200)
          .body("latest_value", equalTo(100.0f));
    }
  }

  @Test
  void rejectsWrongPassword() {
    store("69.42", "2021-02-20T18:06:47+0000");
    assertUnauthorized(given().header("Authorization", basic("any:" + password + "x")));
    assertUnauthorized(given().header("Authorization", basic("any:")));
    assertUnauthorized(given().header("Authorization", basic(password)));
  }

  @Test
  void rejectsMissingOrMalformedCredentials() {
    assertUnauthorized(given());
    assertUnauthorized(given().header("Authorization", "Bearer " + password));
    assertUnauthorized(given().header("Authorization", "Basic %%%not-base64%%%"));
    assertUnauthorized(given().header("Authorization", "Basic"));
  }

  @Test
  void headAnswersLikeGetWithoutABody() {
    store("69.42", "2021-02-20T18:06:47+0000");
    authorized()
        .head("/v0/wrpi")
        .then()
        .statusCode(200)
        .contentType(containsString("application/json"))
        .body(equalTo(""));
    given().head("/v0/wrpi").then().statusCode(401);
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH"})
  void otherMethodsAreAJson405(String method) {
    authorized()
        .request(method, "/v0/wrpi")
        .then()
        .statusCode(405)
        .contentType(containsString("application/json"))
        .header("Allow", "GET, HEAD, OPTIONS")
        .body("error", equalTo("method_not_allowed"));
    given().options("/v0/wrpi").then().statusCode(200).header("Allow", "GET, HEAD, OPTIONS");
  }

  /** The index (a resource) and the WRPI (a plain route) list what they answer alike (ADR 0138). */
  @ParameterizedTest
  @ValueSource(strings = {"/", "/v0/wrpi"})
  void allowListsExactlyWhatEachPathAnswers(String path) {
    org.assertj.core.api.Assertions.assertThat(
            AllowChecks.assertAllowListsExactlyWhatThePathAnswers(path))
        .isEqualTo("GET, HEAD, OPTIONS");
  }

  @Test
  void readsKeysAsThePythonUpdaterWroteThem() {
    store("69.4200", "2021-02-20T18:06:47.123456");
    authorized()
        .get("/v0/wrpi")
        .then()
        .statusCode(200)
        .body(
            equalTo(
                "{\"latest_value\":69.42,\"latest_calculation_at\":\"2021-02-20T18:06:47+0000\"}"));
    store("0.0001", "2021-02-20T18:06:47"); // isoformat() leaves out a zero fraction
    authorized()
        .get("/v0/wrpi")
        .then()
        .statusCode(200)
        .body("latest_calculation_at", equalTo("2021-02-20T18:06:47+0000"));
  }

  @Test
  void noValueYetIsA503SayingSo() {
    authorized()
        .get("/v0/wrpi")
        .then()
        .statusCode(503)
        .contentType(containsString("application/json"))
        .body("error", equalTo("no_value_yet"));
  }

  @Test
  void readsDatabaseZeroByDefault() {
    redis.callInDb(1, "MSET", "wrpi-latest", "1.0", "wrpi-timestamp", "2021-02-20T18:06:47+0000");
    authorized().get("/v0/wrpi").then().statusCode(503).body("error", equalTo("no_value_yet"));
  }

  @Test
  void corruptValuesAreA503NotA500() {
    String[][] corrupt = {
      {"abc", "2021-02-20T18:06:47+0000"},
      {"150.0", "2021-02-20T18:06:47+0000"},
      {"NaN", "2021-02-20T18:06:47+0000"},
      {"69.42", "yesterday"},
    };
    for (String[] pair : corrupt) {
      store(pair[0], pair[1]);
      authorized()
          .get("/v0/wrpi")
          .then()
          .statusCode(503)
          .contentType(containsString("application/json"))
          .body("error", equalTo("corrupt_value"));
    }
    redis.call("DEL", "wrpi-timestamp");
    authorized().get("/v0/wrpi").then().statusCode(503).body("error", equalTo("corrupt_value"));
  }

  @Test
  void redisOutageIsA503AndHealsWithoutARestart() {
    store("42.0", "2021-02-20T18:06:47+0000");
    redis.stop();
    authorized()
        .get("/v0/wrpi")
        .then()
        .statusCode(503)
        .contentType(containsString("application/json"))
        .header("Retry-After", "5")
        .body("error", equalTo("redis_unavailable"));
    given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
    given().get("/q/health/live").then().statusCode(200);

    redis.start(); // same port, same data (AOF)
    authorized().get("/v0/wrpi").then().statusCode(200).body("latest_value", equalTo(42.0f));
    given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
  }

  @Test
  void preflightNeedsNoCredentialsAndAllowsAuthorization() {
    given()
        .header("Origin", WrpiTestConfig.SPA_ORIGIN)
        .header("Access-Control-Request-Method", "GET")
        .header("Access-Control-Request-Headers", "authorization")
        .options("/v0/wrpi")
        .then()
        .statusCode(200)
        .header("Access-Control-Allow-Origin", WrpiTestConfig.SPA_ORIGIN)
        .header("Access-Control-Allow-Headers", containsString("Authorization"))
        .header("Access-Control-Allow-Methods", containsString("GET"));
  }

  @Test
  void allowedOriginCanReadAnswersAndOthersCannot() {
    store("69.42", "2021-02-20T18:06:47+0000");
    authorized()
        .header("Origin", WrpiTestConfig.SPA_ORIGIN)
        .get("/v0/wrpi")
        .then()
        .statusCode(200)
        .header("Access-Control-Allow-Origin", WrpiTestConfig.SPA_ORIGIN);
    given()
        .header("Origin", WrpiTestConfig.SPA_ORIGIN)
        .get("/v0/wrpi")
        .then()
        .statusCode(401)
        .header("Access-Control-Allow-Origin", WrpiTestConfig.SPA_ORIGIN);
    given()
        .header("Origin", "https://evil.example")
        .header("Access-Control-Request-Method", "GET")
        .options("/v0/wrpi")
        .then()
        .header("Access-Control-Allow-Origin", (String) null);
  }

  @Test
  void metricsShowTheReadingAndItsAge() {
    String aMinuteAgo = StoredReading.BRIEF.format(java.time.Instant.now().minusSeconds(60));
    store("69.42", aMinuteAgo);
    authorized().get("/v0/wrpi").then().statusCode(200);
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    double age =
        metrics
            .lines()
            .filter(line -> line.startsWith("wrpi_value_age_seconds "))
            .mapToDouble(line -> Double.parseDouble(line.split(" ")[1]))
            .findFirst()
            .orElseThrow();
    org.assertj.core.api.Assertions.assertThat(age).isBetween(59.0, 120.0);
    org.assertj.core.api.Assertions.assertThat(metrics.lines()).contains("wrpi_value 69.42");
  }

  private void store(String value, String timestamp) {
    redis.call("MSET", "wrpi-latest", value, "wrpi-timestamp", timestamp);
  }

  private RequestSpecification authorized() {
    return given().header("Authorization", basic("any:" + password));
  }

  private static String basic(String credentials) {
    return "Basic "
        + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
  }

  private static void assertUnauthorized(RequestSpecification request) {
    request
        .get("/v0/wrpi")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", "Basic realm=\"wrpi\"")
        .contentType(containsString("application/json"))
        .body(equalTo(UNAUTHORIZED));
  }
}
