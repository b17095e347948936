package dev.day2.preferences;

import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives every REST Assured request of a test a valid bearer token ({@link TestTokens}), so the API
 * tests exercise the API; {@link AuthenticationTest} checks what happens without one. A filter, not
 * a request specification: a specification copies the port when it is built, which against the
 * packaged jar (the *IT classes) is before Quarkus has set it.
 */
public class SignedRequests implements BeforeEachCallback, AfterEachCallback {
  private static final Filter BEARER =
      (request, response, context) -> {
        if (!request.getHeaders().hasHeaderWithName("Authorization")) {
          request.header("Authorization", TestTokens.bearer());
        }
        return context.next(request, response);
      };

  @Override
  public void beforeEach(ExtensionContext context) {
    RestAssured.filters(BEARER);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    RestAssured.replaceFiltersWith(List.of());
  }
}
