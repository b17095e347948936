package dev.day2.preferences;

import static io.restassured.RestAssured.given;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The key as compose and Kubernetes give it: inline in {@code JWT_PUBLIC_KEY}, one line of base64
 * DER (what {@code openssl pkey -pubout -outform DER | openssl base64 -A} prints), no location.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(value = InlineKeyTest.InlineKey.class, restrictToAnnotatedClass = true)
class InlineKeyTest {
  public static class InlineKey implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
      return Map.of(
          "JWT_ISSUER", TestTokens.ISSUER,
          "JWT_AUDIENCE", TestTokens.AUDIENCE,
          "JWT_PUBLIC_KEY", TestTokens.publicKeyBase64());
    }

    @Override
    public void stop() {}
  }

  @Test
  void anInlineBase64KeyVerifiesTokens() {
    given()
        .header("Authorization", TestTokens.bearer())
        .get("/v1/users/{u}/preferences", "inline-key")
        .then()
        .statusCode(200);
    given()
        .header("Authorization", "Bearer " + TestTokens.wrongKey())
        .get("/v1/users/{u}/preferences", "inline-key")
        .then()
        .statusCode(401);
  }
}
