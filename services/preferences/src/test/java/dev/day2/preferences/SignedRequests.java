package dev.day2.preferences;

import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives every REST Assured request of a test a valid bearer token ({@link TestTokens}), so the API
 * tests exercise the API; {@link AuthenticationTest} checks what happens without one.
 */
public class SignedRequests implements BeforeEachCallback, AfterEachCallback {
  @Override
  public void beforeEach(ExtensionContext context) {
    RestAssured.requestSpecification =
        new RequestSpecBuilder().addHeader("Authorization", TestTokens.bearer()).build();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    RestAssured.requestSpecification = null;
  }
}
