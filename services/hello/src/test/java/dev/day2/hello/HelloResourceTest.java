package dev.day2.hello;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

@QuarkusTest
class HelloResourceTest {
  private static final String ISO_UTC = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z";

  @Test
  void answersPlainTextWithTheCurrentUtcTime() {
    Instant before = Instant.now().minusSeconds(1);
    String body =
        given()
            .when()
            .get("/")
            .then()
            .statusCode(200)
            .contentType(containsString("text/plain"))
            .body(matchesPattern("hello world, the time is " + ISO_UTC))
            .extract()
            .asString();
    Instant time =
        OffsetDateTime.parse(body.substring("hello world, the time is ".length())).toInstant();
    assertThat(Duration.between(before, time)).isBetween(Duration.ZERO, Duration.ofSeconds(30));
  }

  @Test
  void answersJsonWhenAsked() {
    Response response =
        given()
            .accept("application/json")
            .when()
            .get("/")
            .then()
            .statusCode(200)
            .extract()
            .response();
    assertThat(response.contentType()).startsWith("application/json");
    assertThat(response.jsonPath().getString("message")).isEqualTo("hello world");
    assertThat(response.jsonPath().getString("time")).matches(ISO_UTC);
    assertThat(response.jsonPath().getMap("$")).containsOnlyKeys("message", "time");
  }

  @Test
  void prefersTextForWildcardsAndJsonWhenItWeighsMore() {
    given().accept("*/*").when().get("/").then().contentType(containsString("text/plain"));
    given()
        .accept("text/plain;q=0.5, application/json")
        .when()
        .get("/")
        .then()
        .contentType(containsString("application/json"));
  }

  @Test
  void aMalformedAcceptIsAJson400NotA500() {
    given()
        .header("Accept", ";;;")
        .when()
        .get("/")
        .then()
        .statusCode(400)
        .contentType(containsString("application/json"))
        .body("error", equalTo("bad_request"))
        .body("message", containsString("Accept"));
  }

  @Test
  void namesTheReplicaThatServed() {
    given().when().get("/").then().header("X-Served-By", not(emptyOrNullString()));
  }

  @Test
  void keepsAValidRequestIdAndReplacesAnInvalidOne() {
    given()
        .header("X-Request-ID", "abc-123")
        .when()
        .get("/")
        .then()
        .header("X-Request-ID", "abc-123");
    given()
        .header("X-Request-ID", "no spaces <allowed>")
        .when()
        .get("/")
        .then()
        .header("X-Request-ID", matchesPattern("[0-9a-f-]{36}"));
  }

  @Test
  void unknownPathIsAJson404() {
    given()
        .when()
        .get("/no/such/page")
        .then()
        .statusCode(404)
        .contentType(containsString("application/json"))
        .body("error", equalTo("not_found"));
  }

  @Test
  void wrongMethodIsAJson405() {
    given()
        .when()
        .delete("/")
        .then()
        .statusCode(405)
        .contentType(containsString("application/json"))
        .header("Allow", "GET, HEAD, OPTIONS")
        .body("error", equalTo("method_not_allowed"));
  }

  @Test
  void headAndOptionsAnswerWithoutABody() {
    given().when().head("/").then().statusCode(200).header("Vary", "Accept").body(equalTo(""));
    given().when().options("/").then().statusCode(200).header("Allow", "GET, HEAD, OPTIONS");
  }

  @Test
  void healthAndMetricsAreExposed() {
    given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    given().when().get("/");
    given()
        .when()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("http_server_requests_seconds_count"));
  }
}
