package dev.day2.service.testing;

import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;

/**
 * REST Assured requests that give up waiting for an answer after a limit of the test's own: for a
 * test that a service answers within its bound while its store hangs, the limit far above that
 * bound, so a service without the bound fails the test instead of hanging it.
 */
public final class GivingUp {
  private GivingUp() {}

  /** {@code given()}, whose socket read gives up after {@code limit}. */
  public static RequestSpecification after(Duration limit) {
    return RestAssured.given()
        .config(
            RestAssured.config()
                .httpClient(
                    HttpClientConfig.httpClientConfig()
                        .setParam("http.socket.timeout", Math.toIntExact(limit.toMillis()))));
  }
}
