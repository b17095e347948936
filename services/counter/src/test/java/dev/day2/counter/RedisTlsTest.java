package dev.day2.counter;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.matchesPattern;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * REDIS_TLS=true against a real redis-server that only speaks TLS and requires AUTH (the shape of
 * ElastiCache in staging and prod): the counter counts through the encrypted connection, having
 * verified the server's certificate against the CA it was given.
 */
@QuarkusTest
@WithTestResource(value = TlsRedis.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class RedisTlsTest {

  @Test
  void countsThroughAVerifiedTlsConnection() {
    given()
        .get("/")
        .then()
        .statusCode(200)
        .body(matchesPattern("Hello World! I have been seen \\d+ times\\.\\n?"));
    given().get("/q/health/ready").then().statusCode(200);
  }
}
