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

/** The stored count as a metric (latency buckets come from service-common, tested in hello). */
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
}
