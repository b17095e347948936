package dev.day2.preferences;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Staging and prod read the issuer's keys from its JWKS URL. Fetching them blocks the thread that
 * verifies the first token (and every refresh after an unknown key id or the cache's hour): that
 * must not be a Vert.x event loop, which serves every other connection it holds, health probes
 * included ({@code quarkus.smallrye-jwt.blocking-authentication}). The JWKS answer is held while
 * the test looks at which thread waits for it.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(JwtResource.class)
@WithTestResource(HeldJwksResource.class)
class JwksFetchTest {
  private static final String FETCH = "org.jose4j.http.Get";

  @Test
  void theIssuersKeysAreFetchedOffTheEventLoopAndTheirTokensThenAccepted() throws Exception {
    CompletableFuture<Response> list =
        CompletableFuture.supplyAsync(
            () -> TestTokens.as(TestTokens.valid()).get("/v1/users/jwks-user/preferences"));
    try {
      assertThat(HeldJwksResource.fetchStarted.await(60, TimeUnit.SECONDS))
          .as("the service asked the JWKS endpoint for the issuer's keys")
          .isTrue();
      List<String> fetching = threadsIn(FETCH);
      assertThat(fetching).as("threads waiting for the JWKS answer").isNotEmpty();
      assertThat(fetching).noneMatch(name -> name.startsWith("vert.x-eventloop"));
    } finally {
      HeldJwksResource.release();
    }
    Response answer = list.get(60, TimeUnit.SECONDS);
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.jsonPath().getList("$")).isEmpty();
  }

  /** The names of the threads with a frame of {@code className} on their stack now. */
  private static List<String> threadsIn(String className) {
    return Thread.getAllStackTraces().entrySet().stream()
        .filter(
            e -> List.of(e.getValue()).stream().anyMatch(f -> f.getClassName().equals(className)))
        .map(Map.Entry::getKey)
        .map(Thread::getName)
        .toList();
  }
}
