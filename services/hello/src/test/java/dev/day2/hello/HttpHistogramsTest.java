package dev.day2.hello;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The latency histogram the HighP99Latency alert and the dashboards read. */
@QuarkusTest
class HttpHistogramsTest {

  @Test
  void publishesRequestLatencyBucketsFrom1MsTo10s() {
    given().get("/").then().statusCode(200);
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    assertThat(metrics.lines().filter(l -> l.startsWith("http_server_requests_seconds_bucket{")))
        .anyMatch(l -> l.contains("uri=\"root\"") && l.contains("le=\"0.001\""))
        .anyMatch(l -> l.contains("uri=\"root\"") && l.contains("le=\"10.0\""))
        .anyMatch(l -> l.contains("uri=\"root\"") && l.contains("le=\"+Inf\""));
  }
}
