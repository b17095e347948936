package dev.day2.counter;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.day2.redis.testing.InjectRedisServer;
import dev.day2.redis.testing.RedisServer;
import dev.day2.redis.testing.RedisServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The metrics the alerts and dashboards read: latency buckets and the stored count. */
@QuarkusTest
@WithTestResource(RedisServerResource.class)
class CounterMetricsTest {
  @InjectRedisServer RedisServer redis;
  @Inject CounterValue counterValue;

  @BeforeEach
  void freshRedis() {
    redis.start();
    redis.call("FLUSHALL");
  }

  @Test
  void publishesTheStoredCountAsCounterValue() {
    redis.call("SET", "hits", "41");
    counterValue.refresh().await().atMost(Duration.ofSeconds(5));
    assertThat(scrape()).contains("\ncounter_value 41.0\n");
  }

  @Test
  void reportsNoCountWhileRedisIsDown() {
    redis.stop();
    counterValue.refresh().await().atMost(Duration.ofSeconds(5));
    assertThat(scrape()).contains("\ncounter_value NaN\n");
  }

  private static String scrape() {
    return given().get("/q/metrics").then().statusCode(200).extract().asString();
  }

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
