package dev.day2.counter;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import dev.day2.redis.testing.InjectRedisServer;
import dev.day2.redis.testing.RedisServer;
import dev.day2.redis.testing.RedisServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Flask original's contract, against a real redis-server with AOF. */
@QuarkusTest
@WithTestResource(RedisServerResource.class)
class CounterResourceTest {
  @InjectRedisServer RedisServer redis;

  @BeforeEach
  void freshRedis() {
    redis.start();
    redis.call("FLUSHALL");
  }

  @Test
  void countsUpByOnePerVisitUnderTheOriginalKey() {
    redis.call("SET", "hits", "41");
    given()
        .get("/")
        .then()
        .statusCode(200)
        .contentType(containsString("text/plain"))
        .header("Cache-Control", "no-store")
        .body(equalTo("Hello World! I have been seen 42 times.\n"));
    given().get("/").then().body(equalTo("Hello World! I have been seen 43 times.\n"));
    assertThat(redis.call("GET", "hits")).hasToString("43");
  }

  @Test
  void startsAtOneOnAnEmptyRedis() {
    given()
        .get("/")
        .then()
        .statusCode(200)
        .body(equalTo("Hello World! I have been seen 1 times.\n"));
  }

  @Test
  void answersJsonWhenAsked() {
    redis.call("SET", "hits", "6");
    given()
        .accept("application/json")
        .get("/")
        .then()
        .statusCode(200)
        .contentType(containsString("application/json"))
        .body("message", equalTo("Hello World!"))
        .body("seen", equalTo(7));
  }

  @Test
  void probesAndMetricsNeverCount() {
    redis.call("SET", "hits", "10");
    for (String probe :
        new String[] {"/q/health/live", "/q/health/ready", "/q/health", "/q/metrics"}) {
      given().get(probe).then().statusCode(200);
    }
    given().get("/favicon.ico").then().statusCode(404);
    assertThat(redis.call("GET", "hits")).hasToString("10");
  }

  @Test
  void redisOutageAnswers503AndRecoversWithoutRestart() {
    redis.call("SET", "hits", "5");
    redis.stop();
    given()
        .get("/")
        .then()
        .statusCode(503)
        .contentType(containsString("application/json"))
        .header("Retry-After", not(equalTo(null)))
        .body("error", equalTo("redis_unavailable"));
    given().get("/q/health/ready").then().statusCode(503);

    redis.start();
    given()
        .get("/")
        .then()
        .statusCode(200)
        .body(equalTo("Hello World! I have been seen 6 times.\n"));
    given().get("/q/health/ready").then().statusCode(200);
  }

  @Test
  void aHungRedisAnswers503WithinTheTimeoutAndRecovers() {
    redis.call("SET", "hits", "5");
    // Writes stall for 30 s: far beyond REDIS_TIMEOUT (1 s), so a 503 can only come from the
    // timeout; without it the request would hang until the pause ends and then answer 200.
    redis.call("CLIENT", "PAUSE", "30000", "WRITE");
    try {
      given()
          .get("/")
          .then()
          .statusCode(503)
          .contentType(containsString("application/json"))
          .body("error", equalTo("redis_unavailable"));
    } finally {
      redis.call("CLIENT", "UNPAUSE");
    }
    // The timed-out INCR reaches Redis once it resumes (counted at least once), then this one.
    given()
        .get("/")
        .then()
        .statusCode(200)
        .body(equalTo("Hello World! I have been seen 7 times.\n"));
  }

  @Test
  void theCountSurvivesARedisRestart() {
    for (int i = 0; i < 3; i++) {
      given().get("/").then().statusCode(200);
    }
    redis.stop();
    redis.start();
    given()
        .get("/")
        .then()
        .statusCode(200)
        .body(equalTo("Hello World! I have been seen 4 times.\n"));
  }

  @Test
  void aCorruptCountIsAJsonErrorNotAStackTrace() {
    redis.call("SET", "hits", "not-a-number");
    given()
        .get("/")
        .then()
        .statusCode(500)
        .contentType(containsString("application/json"))
        .body("error", equalTo("internal_error"))
        .body(not(containsString("Exception")));
    assertThat(redis.call("GET", "hits")).hasToString("not-a-number");
  }

  @Test
  void namesTheReplica() {
    given().get("/").then().header("X-Served-By", not(equalTo(null)));
  }
}
