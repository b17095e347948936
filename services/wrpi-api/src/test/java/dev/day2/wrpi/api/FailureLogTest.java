package dev.day2.wrpi.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.day2.redis.RedisRouteErrors;
import dev.day2.redis.testing.InjectRedisServer;
import dev.day2.redis.testing.RedisServer;
import dev.day2.redis.testing.RedisServerResource;
import dev.day2.service.testing.RequestIdLog;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A failed reading's log line carries its request's id, against a real redis-server, wherever the
 * failure arrived: on Mutiny's timer thread (a timeout; Quarkus' context propagation brings the
 * request's context along) or on the Redis client's context (a refused connection).
 * RedisRouteErrors would bring the log line back to the request's context itself (PlainRoutesTest).
 * In-process only: it reads the log records as they are written.
 */
@QuarkusTest
@WithTestResource(RedisServerResource.class)
@WithTestResource(WrpiTestConfig.class)
class FailureLogTest {
  @InjectRedisServer RedisServer redis;
  @WrpiTestConfig.Password String password;

  @Test
  void aRedisOutageIsLoggedWithTheRequestsId() {
    String credentials =
        Base64.getEncoder().encodeToString(("any:" + password).getBytes(StandardCharsets.UTF_8));
    List<String> logged;
    try {
      logged =
          RequestIdLog.during(
              RedisRouteErrors.class.getName(),
              () -> {
                // A paused Redis: the read times out (REDIS_TIMEOUT) on Mutiny's timer thread,
                // outside any Vert.x context. The pause must still hold when the request arrives,
                // however slow the machine (2.5 s once ran out first: the read was answered), and
                // no client can lift a pause of ALL commands: stopping the server below ends it.
                redis.call("CLIENT", "PAUSE", "60000", "ALL");
                get("timeout-1", credentials, 503);
                // A stopped Redis: the connection is refused on the Redis client's context.
                redis.stop();
                get("outage-1", credentials, 503);
              });
    } finally {
      redis.start();
    }
    assertThat(logged).containsExactly("WARN request_id=timeout-1", "WARN request_id=outage-1");
  }

  private static void get(String requestId, String credentials, int status) {
    given()
        .header("Authorization", "Basic " + credentials)
        .header("X-Request-ID", requestId)
        .get("/v0/wrpi")
        .then()
        .statusCode(status);
  }
}
