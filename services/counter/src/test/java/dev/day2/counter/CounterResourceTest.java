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
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

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
        .header("Vary", "Accept")
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

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "application/json;q=0.5, text/plain;q=0.9 | text/plain",
        "text/plain;q=0.1, application/json | application/json",
        "text/html, application/json;q=0.8, */*;q=0.1 | application/json",
        "*/* | text/plain",
        "text/* | text/plain",
        "application/* | text/plain",
        "APPLICATION/JSON | application/json",
      })
  void followsTheClientsPreferenceOrder(String accept, String answered) {
    given().accept(accept).get("/").then().statusCode(200).contentType(containsString(answered));
  }

  @ParameterizedTest
  @ValueSource(strings = {";;;", "foo"})
  void aMalformedAcceptIsAJson400AndNeverCounts(String accept) {
    given()
        .header("Accept", accept)
        .get("/")
        .then()
        .statusCode(400)
        .contentType(containsString("application/json"))
        .body("error", equalTo("bad_request"))
        .body("message", containsString("Accept"));
    assertThat(redis.call("EXISTS", "hits")).hasToString("0");
  }

  @Test
  void headCountsLikeGetWithoutABody() {
    redis.call("SET", "hits", "9");
    given().head("/").then().statusCode(200).header("Cache-Control", "no-store").body(equalTo(""));
    assertThat(redis.call("GET", "hits")).hasToString("10");
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH"})
  void otherMethodsAreAJson405AndNeverCount(String method) {
    given()
        .request(method, "/")
        .then()
        .statusCode(405)
        .contentType(containsString("application/json"))
        .header("Allow", "GET, HEAD, OPTIONS")
        .body("error", equalTo("method_not_allowed"));
    given().options("/").then().statusCode(200).header("Allow", "GET, HEAD, OPTIONS");
    assertThat(redis.call("EXISTS", "hits")).hasToString("0");
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
    visitAnswersRedisUnavailable();
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
  void aHungRedisAnswers503WithinTheTimeoutAndRecovers() throws InterruptedException {
    redis.call("SET", "hits", "5");
    // Writes stall for 30 s: far beyond REDIS_TIMEOUT (1 s), so a 503 can only come from the
    // timeout; without it the request would hang until the pause ends and then answer 200.
    redis.call("CLIENT", "PAUSE", "30000", "WRITE");
    try {
      visitAnswersRedisUnavailable();
      // The timed-out INCR's connection is closed while Redis holds the command unexecuted, so
      // Redis drops it: that 503 visit does not count (one whose reply alone was lost would). The
      // close reaches Redis a moment after the 503: unpausing first would run the INCR.
      untilRedisHoldsNoCommand();
    } finally {
      redis.call("CLIENT", "UNPAUSE");
    }
    // The next visit opens a new connection and counts.
    given()
        .get("/")
        .then()
        .statusCode(200)
        .body(equalTo("Hello World! I have been seen 6 times.\n"));
  }

  @Test
  void aFullRedisAnswers503AndRecoversOnceItHasRoom() {
    redis.call("SET", "hits", "5");
    // Redis at its maxmemory with nothing it may evict (noeviction; ElastiCache's default
    // volatile-lru evicts only keys with a TTL, and the count has none) refuses every write with
    // OOM: the store's condition, not the visitor's mistake.
    redis.call("CONFIG", "SET", "maxmemory-policy", "noeviction");
    redis.call("CONFIG", "SET", "maxmemory", "1");
    try {
      visitAnswersRedisUnavailable();
    } finally {
      redis.call("CONFIG", "SET", "maxmemory", "0");
    }
    given()
        .get("/")
        .then()
        .statusCode(200)
        .body(equalTo("Hello World! I have been seen 6 times.\n"));
  }

  /** A visit now is the JSON 503 of a Redis outage, with Retry-After. */
  private static void visitAnswersRedisUnavailable() {
    given()
        .get("/")
        .then()
        .statusCode(503)
        .contentType(containsString("application/json"))
        .header("Retry-After", not(equalTo(null)))
        .body("error", equalTo("redis_unavailable"));
  }

  /** Waits, 10 s at most, until no client's command is held by a paused Redis. */
  private void untilRedisHoldsNoCommand() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!redis.call("INFO", "clients").toString().contains("blocked_clients:0")) {
      assertThat(System.nanoTime())
          .as("the held command's client gone within 10 s")
          .isLessThan(deadline);
      Thread.sleep(10);
    }
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
