package dev.day2.counter;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.day2.redis.RedisRouteErrors;
import dev.day2.redis.testing.InjectRedisServer;
import dev.day2.redis.testing.RedisServer;
import dev.day2.redis.testing.RedisServerResource;
import dev.day2.service.testing.RequestIdLog;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A failed visit's log line carries its request id, against a real redis-server. In-process only:
 * it reads the log records as they are written (the packaged jar's are in its own process).
 */
@QuarkusTest
@WithTestResource(RedisServerResource.class)
class FailureLogTest {
  @InjectRedisServer RedisServer redis;

  @BeforeEach
  void freshRedis() {
    redis.start();
    redis.call("FLUSHALL");
  }

  @Test
  void aFailedVisitIsLoggedWithItsRequestId() {
    // The failure arrives on the Redis connection's context or a timer, not the request's.
    List<String> logged =
        RequestIdLog.during(
            RedisRouteErrors.class.getName(),
            () -> {
              redis.call("SET", "hits", "not-a-number");
              given().header("X-Request-ID", "corrupt-1").get("/").then().statusCode(500);
              // The timeout fires on a timer of the event loop, outside any request.
              redis.call("CLIENT", "PAUSE", "30000", "WRITE");
              try {
                given().header("X-Request-ID", "timeout-1").get("/").then().statusCode(503);
              } finally {
                redis.call("CLIENT", "UNPAUSE");
              }
              redis.stop();
              given().header("X-Request-ID", "outage-1").get("/").then().statusCode(503);
            });
    assertThat(logged)
        .containsExactly(
            "ERROR request_id=corrupt-1", "WARN request_id=timeout-1", "WARN request_id=outage-1");
  }
}
