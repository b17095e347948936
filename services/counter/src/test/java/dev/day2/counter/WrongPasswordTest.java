package dev.day2.counter;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.day2.redis.testing.InjectRedisServer;
import dev.day2.redis.testing.RedisServer;
import dev.day2.redis.testing.RedisServerResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A {@code REDIS_PASS} that Redis refuses (a password rotated on the server before the service got
 * it), against a real redis-server that requires another one: every visit answers 503, the
 * readiness probe says DOWN, and no refused connection is left open. Vert.x' Redis client before
 * 4.5.28 kept the socket of every refused handshake open (vertx-redis-client#555): 40 visits held
 * 40 connections to Redis until the process ended, towards the file-descriptor limit and Redis'
 * {@code maxclients}, which the other services on that Redis share.
 */
@QuarkusTest
@WithTestResource(
    value = RedisServerResource.class,
    initArgs = @ResourceArg(name = "password", value = "wrong"))
class WrongPasswordTest {
  private static final int VISITS = 40;
  private static final Pattern CLIENTS = Pattern.compile("connected_clients:(\\d+)");

  @InjectRedisServer RedisServer redis;

  @Test
  void everyVisitAnswers503AndNoRefusedConnectionStaysOpen() throws InterruptedException {
    for (int i = 0; i < VISITS; i++) {
      given()
          .accept("application/json")
          .get("/")
          .then()
          .statusCode(503)
          .body("error", equalTo("redis_unavailable"));
    }
    given().get("/q/health/ready").then().statusCode(503);

    // Redis counts every open connection, authenticated or not; the test's own is one of them.
    // A refused socket is closed as its handshake fails, so Redis may see the close a moment
    // later: wait for it, with a bound.
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    int clients = connectedClients();
    while (clients > 1 && System.nanoTime() < deadline) {
      Thread.sleep(50); // polling a count, not waiting for an event
      clients = connectedClients();
    }
    assertThat(clients).as("connections to Redis after %d refused visits", VISITS).isEqualTo(1);
    assertThat(redis.call("GET", Counter.KEY)).as("nothing was counted").isNull();
  }

  private int connectedClients() {
    Matcher m = CLIENTS.matcher(String.valueOf(redis.call("INFO", "clients")));
    assertThat(m.find()).isTrue();
    return Integer.parseInt(m.group(1));
  }
}
