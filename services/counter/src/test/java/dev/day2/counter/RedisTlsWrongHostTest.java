package dev.day2.counter;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The same TLS redis-server, but its certificate (signed by the trusted CA) names another host: the
 * client must refuse it, so the counter answers 503 instead of talking to an impostor.
 */
@QuarkusTest
@WithTestResource(
    value = TlsRedis.class,
    scope = TestResourceScope.RESTRICTED_TO_CLASS,
    initArgs = @ResourceArg(name = "certificateHost", value = "redis.elsewhere.example"))
class RedisTlsWrongHostTest {

  @Test
  void refusesACertificateForAnotherHost() {
    given().get("/").then().statusCode(503).body(containsString("redis_unavailable"));
  }
}
