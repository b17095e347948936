package dev.day2.preferences;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every kind of bad input gets a 4xx JSON answer that says what is wrong; never a 500. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(JwtResource.class)
@ExtendWith(SignedRequests.class)
class BadInputTest {
  private static final String PATH = "/v1/users/{u}/preferences/{p}";

  private static ValidatableResponse putBody(String body) {
    return given()
        .contentType(ContentType.JSON)
        .body(body)
        .when()
        .put(PATH, "bad-input-user", "analytics")
        .then()
        .contentType(containsString("application/json"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"enabled\": tru", "not json", "{\"enabled\": true} trailing", "{,}"})
  void malformedJsonIsA400(String body) {
    putBody(body)
        .statusCode(400)
        .body("error", equalTo("invalid_body"))
        .body("message", containsString("not valid JSON"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"true\"", "1", "1.5", "{\"enabled\": \"yes\"}"})
  void wrongTypesAreA400NamingEnabled(String body) {
    putBody(body).statusCode(400).body("error", equalTo("invalid_body"));
  }

  @Test
  void aStringForEnabledSaysWhatItGot() {
    putBody("{\"enabled\": \"true\"}")
        .statusCode(400)
        .body("message", equalTo("\"enabled\" must be true or false, not string"));
    putBody("{\"enabled\": null}").statusCode(400).body("message", containsString("not null"));
    putBody("{\"enabled\": 1}").statusCode(400).body("message", containsString("not number"));
  }

  @Test
  void arraysAndNullAreNotAnObject() {
    putBody("[{\"enabled\": true}]").statusCode(400).body("message", containsString("JSON object"));
    putBody("null").statusCode(400).body("message", containsString("JSON object"));
  }

  @Test
  void missingEnabledIsA400() {
    putBody("{}").statusCode(400).body("message", containsString("\"enabled\" is required"));
  }

  @Test
  void emptyBodyIsA400() {
    putBody("").statusCode(400).body("message", containsString("empty"));
  }

  @Test
  void unknownFieldsAreRejectedNotIgnored() {
    putBody("{\"enabled\": true, \"enable\": false}")
        .statusCode(400)
        .body("message", containsString("unknown field \"enable\""));
  }

  @Test
  void duplicateFieldsAreRejected() {
    putBody("{\"enabled\": true, \"enabled\": false}")
        .statusCode(400)
        .body("message", containsString("Duplicate field"));
  }

  @Test
  void wrongContentTypeIsA415() {
    given()
        .contentType(ContentType.TEXT)
        .body("{\"enabled\": true}")
        .when()
        .put(PATH, "u1", "analytics")
        .then()
        .statusCode(415)
        .contentType(containsString("application/json"))
        .body("error", equalTo("unsupported_media_type"))
        .body(
            "message",
            equalTo(
                "Content-Type text/plain; charset=ISO-8859-1 is not accepted here; send"
                    + " application/json"));
  }

  @Test
  void bodyOverTheLimitIsA413Json() {
    String big = "{\"enabled\": true, \"pad\": \"" + "x".repeat(2000) + "\"}";
    putBody(big)
        .statusCode(413)
        .body("error", equalTo("body_too_large"))
        .body("message", containsString("limit is 1024"));
  }

  @Test
  void bodyFarOverTheLimitIsA413JsonWithoutBeingRead() {
    given()
        .contentType(ContentType.JSON)
        .body("{\"pad\": \"" + "x".repeat(100_000) + "\"}")
        .when()
        .put(PATH, "u1", "analytics")
        .then()
        .statusCode(413)
        .contentType(containsString("application/json"))
        .body("error", equalTo("body_too_large"))
        .body("message", containsString("100011 bytes"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"has space", "semi;colon", "ümlaut", "a/b", "x%"})
  void badUserIdsAreA400NamingTheField(String userId) {
    given()
        .get("/v1/users/{u}/preferences", userId)
        .then()
        .statusCode(400)
        .contentType(containsString("application/json"))
        .body("error", equalTo("invalid_user_id"))
        .body("message", containsString("userId must be 1-128 characters"));
  }

  @Test
  void idsLongerThan128AreA400() {
    String long129 = "x".repeat(129);
    given()
        .get("/v1/users/{u}/preferences/analytics", long129)
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_user_id"));
    given()
        .contentType(ContentType.JSON)
        .body("{\"enabled\":true}")
        .put(PATH, "u1", long129)
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_purpose"))
        .body("message", containsString("purpose must be"));
    given().delete(PATH, "u1", "bad purpose").then().statusCode(400);
  }

  @Test
  void badIdsAreCheckedBeforeTheBody() {
    given()
        .contentType(ContentType.JSON)
        .body("not json")
        .put(PATH, "bad user", "analytics")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_user_id"));
  }

  @Test
  void wrongMethodIsAJson405() {
    given()
        .post(PATH, "u1", "analytics")
        .then()
        .statusCode(405)
        .contentType(containsString("application/json"));
  }
}
