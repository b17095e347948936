package dev.day2.preferences;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import dev.day2.postgres.testing.TestPostgres;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(JwtResource.class)
@ExtendWith(SignedRequests.class)
class PreferenceApiTest {
  private static String newUser() {
    return "u-" + UUID.randomUUID();
  }

  static Response put(String user, String purpose, String body) {
    return given()
        .contentType(ContentType.JSON)
        .body(body)
        .when()
        .put("/v1/users/{u}/preferences/{p}", user, purpose);
  }

  @Test
  void putStoresAPreferenceAndAnswersIt() {
    String user = newUser();
    Instant before = Instant.now().minusSeconds(1);
    Response response = put(user, "analytics", "{\"enabled\": true}");
    response.then().statusCode(200).contentType(containsString("application/json"));
    Map<String, Object> body = response.jsonPath().getMap("$");
    assertThat(body).containsOnlyKeys("userId", "purpose", "enabled", "updatedAt");
    assertThat(body).containsEntry("userId", user).containsEntry("purpose", "analytics");
    assertThat(body).containsEntry("enabled", true);
    Instant updatedAt = Instant.parse((String) body.get("updatedAt"));
    assertThat(Duration.between(before, updatedAt)).isBetween(Duration.ZERO, Duration.ofMinutes(1));
  }

  @Test
  void getReturnsWhatWasPut() {
    String user = newUser();
    String updatedAt = put(user, "ads", "{\"enabled\":false}").jsonPath().getString("updatedAt");
    given()
        .when()
        .get("/v1/users/{u}/preferences/ads", user)
        .then()
        .statusCode(200)
        .body("userId", equalTo(user))
        .body("purpose", equalTo("ads"))
        .body("enabled", equalTo(false))
        .body("updatedAt", equalTo(updatedAt));
  }

  @Test
  void getOfAnUnknownPreferenceIsAJson404() {
    given()
        .when()
        .get("/v1/users/{u}/preferences/analytics", newUser())
        .then()
        .statusCode(404)
        .contentType(containsString("application/json"))
        .body("error", equalTo("not_found"))
        .body("message", containsString("analytics"));
  }

  @Test
  void listReturnsAllOfAUsersPreferencesByPurposeAndNoOneElses() {
    String user = newUser();
    put(user, "b.purpose", "{\"enabled\":true}").then().statusCode(200);
    put(user, "a:purpose", "{\"enabled\":false}").then().statusCode(200);
    put(newUser(), "a:purpose", "{\"enabled\":true}").then().statusCode(200);
    List<Map<String, Object>> all =
        given()
            .when()
            .get("/v1/users/{u}/preferences", user)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("$");
    assertThat(all).extracting(p -> p.get("purpose")).containsExactly("a:purpose", "b.purpose");
    assertThat(all).extracting(p -> p.get("enabled")).containsExactly(false, true);
    assertThat(all).allSatisfy(p -> assertThat(p).containsEntry("userId", user));
  }

  @Test
  void listOfAUserWithoutPreferencesIsEmpty() {
    given()
        .when()
        .get("/v1/users/{u}/preferences", newUser())
        .then()
        .statusCode(200)
        .body(equalTo("[]"));
  }

  @Test
  void repeatingAPutChangesNothingAndFlippingItMovesUpdatedAt() {
    String user = newUser();
    String first = put(user, "analytics", "{\"enabled\":true}").jsonPath().getString("updatedAt");
    Response again = put(user, "analytics", "{\"enabled\":true}");
    again.then().statusCode(200).body("enabled", equalTo(true));
    assertThat(again.jsonPath().getString("updatedAt")).isEqualTo(first);

    String flipped =
        put(user, "analytics", "{\"enabled\":false}").jsonPath().getString("updatedAt");
    assertThat(Instant.parse(flipped)).isAfterOrEqualTo(Instant.parse(first));
    given()
        .get("/v1/users/{u}/preferences", user)
        .then()
        .body("size()", equalTo(1))
        .body("[0].enabled", equalTo(false));
  }

  @Test
  void deleteRemovesAndIsA204EvenWhenAbsent() {
    String user = newUser();
    put(user, "analytics", "{\"enabled\":true}").then().statusCode(200);
    given().when().delete("/v1/users/{u}/preferences/analytics", user).then().statusCode(204);
    given().when().get("/v1/users/{u}/preferences/analytics", user).then().statusCode(404);
    given().when().delete("/v1/users/{u}/preferences/analytics", user).then().statusCode(204);
  }

  @Test
  void deleteOfTheCollectionErasesEveryPreferenceOfTheUserAndNoOneElses() throws Exception {
    String user = newUser();
    String other = newUser();
    for (String purpose : List.of("analytics", "ads", "email")) {
      put(user, purpose, "{\"enabled\":true}").then().statusCode(200);
    }
    put(other, "ads", "{\"enabled\":true}").then().statusCode(200);

    given().when().delete("/v1/users/{u}/preferences", user).then().statusCode(204);

    given()
        .get("/v1/users/{u}/preferences", user)
        .then()
        .statusCode(200)
        .body("size()", equalTo(0));
    given().get("/v1/users/{u}/preferences/ads", user).then().statusCode(404);
    assertThat(
            TestPostgres.queryLong(
                PostgresResource.database,
                "SELECT count(*) FROM preference WHERE user_id = '" + user + "'"))
        .as("rows left of the erased user")
        .isZero();
    given()
        .get("/v1/users/{u}/preferences/ads", other)
        .then()
        .statusCode(200)
        .body("enabled", equalTo(true));
    // idempotent: nothing left to erase is still a 204
    given().when().delete("/v1/users/{u}/preferences", user).then().statusCode(204);
  }

  /**
   * The list is a user's data export (access and portability, GDPR art. 15 and 20): it must carry
   * every column the service stores, so a column added without being exported fails here.
   */
  @Test
  void theListCarriesEveryStoredColumnSoItIsTheUsersExport() throws Exception {
    String user = newUser();
    put(user, "analytics", "{\"enabled\":true}").then().statusCode(200);
    Map<String, Object> exported =
        given().get("/v1/users/{u}/preferences", user).then().statusCode(200).extract().path("[0]");

    List<String> stored = StoredColumns.of("preference");
    assertThat(stored).isNotEmpty();
    assertThat(exported.keySet()).containsExactlyInAnyOrderElementsOf(stored);
  }

  @Test
  void acceptsIdsOfEveryAllowedCharacterUpTo128() {
    String user = "A-z_0.9:" + "x".repeat(120);
    put(user, "p", "{\"enabled\":true}").then().statusCode(200).body("userId", equalTo(user));
  }

  @Test
  void openApiHealthAndMetricsAreExposed() {
    given()
        .accept("application/json")
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body(containsString("/v1/users/{userId}/preferences/{purpose}"));
    given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body(containsString("Database connections health check"))
        .body(containsString("Reactive PostgreSQL connections health check"));
    given().get("/v1/users/metrics-probe/preferences");
    given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("http_server_requests_seconds_count"))
        .body(containsString("agroal_"))
        .body(containsString("sql_pool_active"))
        .body(containsString("preferences_read_batch_size_count"));
  }

  @Test
  void survivesTheDatabaseDroppingEveryConnection() throws Exception {
    String user = newUser();
    put(user, "analytics", "{\"enabled\":true}").then().statusCode(200);
    TestPostgres.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
            + PostgresResource.database
            + "' AND pid <> pg_backend_pid()");
    for (int i = 0; i < 3; i++) {
      given().get("/v1/users/{u}/preferences/analytics", user).then().statusCode(200);
    }
  }

  @Test
  void namesTheReplicaThatServed() {
    given().get("/v1/users/x/preferences").then().header("X-Served-By", not(emptyOrNullString()));
  }
}
