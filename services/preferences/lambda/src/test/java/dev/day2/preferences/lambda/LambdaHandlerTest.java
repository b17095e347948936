package dev.day2.preferences.lambda;

import static dev.day2.preferences.lambda.LambdaEvents.forUser;
import static dev.day2.preferences.lambda.LambdaEvents.load;
import static dev.day2.preferences.lambda.LambdaEvents.withBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.day2.preferences.JwtResource;
import dev.day2.preferences.PostgresResource;
import dev.day2.preferences.TestTokens;
import dev.day2.preferences.lambda.LambdaEvents.Result;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The same routes and answers as over HTTP, driven through the Lambda handler with API Gateway HTTP
 * API v2 events, against a real PostgreSQL.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(JwtResource.class)
class LambdaHandlerTest {
  @ConfigProperty(name = "quarkus.lambda.mock-event-server.test-port")
  int runtimePort;

  @Inject AgroalDataSource dataSource;

  private Result invoke(JsonNode event) {
    return LambdaEvents.invoke(runtimePort, event);
  }

  private static String newUser() {
    return "lu-" + UUID.randomUUID();
  }

  @Test
  void putThenGetReturnsThePreference() {
    String user = newUser();
    Result put = invoke(forUser(load("put-preference.json"), "lambda-u1", user));
    assertThat(put.status()).as(put.raw().toString()).isEqualTo(200);
    assertThat(put.header("Content-Type")).startsWith("application/json");
    JsonNode stored = put.json();
    assertThat(stored.get("userId").asText()).isEqualTo(user);
    assertThat(stored.get("purpose").asText()).isEqualTo("analytics");
    assertThat(stored.get("enabled").asBoolean()).isTrue();
    Instant.parse(stored.get("updatedAt").asText());

    Result get = invoke(forUser(load("get-preference.json"), "lambda-u1", user));
    assertThat(get.status()).isEqualTo(200);
    assertThat(get.json()).isEqualTo(stored);
  }

  @Test
  void listReturnsTheUsersPreferences() {
    String user = newUser();
    invoke(forUser(load("put-preference.json"), "lambda-u1", user));
    Result list = invoke(forUser(load("list-preferences.json"), "lambda-u1", user));
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json()).hasSize(1);
    assertThat(list.json().get(0).get("purpose").asText()).isEqualTo("analytics");

    Result empty = invoke(forUser(load("list-preferences.json"), "lambda-u1", newUser()));
    assertThat(empty.bodyText()).isEqualTo("[]");
  }

  @Test
  void deleteIsA204AndTheNextGetA404() {
    String user = newUser();
    invoke(forUser(load("put-preference.json"), "lambda-u1", user));
    assertThat(invoke(forUser(load("delete-preference.json"), "lambda-u1", user)).status())
        .isEqualTo(204);
    Result get = invoke(forUser(load("get-preference.json"), "lambda-u1", user));
    assertThat(get.status()).isEqualTo(404);
    assertThat(get.json().get("error").asText()).isEqualTo("not_found");
    assertThat(invoke(forUser(load("delete-preference.json"), "lambda-u1", user)).status())
        .isEqualTo(204);
  }

  @Test
  void deleteOfTheCollectionErasesEveryPreferenceOfTheUser() {
    String user = newUser();
    invoke(forUser(load("put-preference.json"), "lambda-u1", user));
    assertThat(invoke(forUser(load("delete-all-preferences.json"), "lambda-u1", user)).status())
        .isEqualTo(204);
    assertThat(invoke(forUser(load("list-preferences.json"), "lambda-u1", user)).bodyText())
        .isEqualTo("[]");
  }

  /** The consent history (ADR 0137) through API Gateway's event: who changed what, oldest first. */
  @Test
  void historyListsEachChangeWithItsCallerOldestFirst() {
    String user = newUser();
    invoke(forUser(load("put-preference.json"), "lambda-u1", user));
    invoke(
        withBody(forUser(load("put-preference.json"), "lambda-u1", user), "{\"enabled\":false}"));

    Result history = invoke(forUser(load("get-preference-history.json"), "lambda-u1", user));
    assertThat(history.status()).as(history.raw().toString()).isEqualTo(200);
    JsonNode events = history.json();
    assertThat(events).hasSize(2);
    assertThat(events.get(0).get("enabled").asBoolean()).isTrue();
    assertThat(events.get(1).get("enabled").asBoolean()).isFalse();
    for (JsonNode event : events) {
      assertThat(event.get("purpose").asText()).isEqualTo("analytics");
      assertThat(event.get("changedBy").asText()).isEqualTo("test-client");
    }

    Result other =
        invoke(
            LambdaEvents.withAuthorization(
                forUser(load("get-preference-history.json"), "lambda-u1", user),
                "Bearer " + TestTokens.forUser("someone-else")));
    assertThat(other.status()).as(other.raw().toString()).isEqualTo(403);
  }

  @Test
  void acceptsABase64EncodedBody() {
    String user = newUser();
    Result put = invoke(forUser(load("put-preference-base64.json"), "lambda-u2", user));
    assertThat(put.status()).as(put.raw().toString()).isEqualTo(200);
    assertThat(put.json().get("enabled").asBoolean()).isFalse();
  }

  @Test
  void malformedJsonIsA400Json() {
    Result result = invoke(load("put-malformed-body.json"));
    assertThat(result.status()).isEqualTo(400);
    assertThat(result.json().get("error").asText()).isEqualTo("invalid_body");
  }

  @Test
  void noTokenIsA401JsonAndWritesNothing() {
    String user = newUser();
    Result put =
        invoke(forUser(LambdaEvents.loadAnonymous("put-preference.json"), "lambda-u1", user));
    assertThat(put.status()).as(put.raw().toString()).isEqualTo(401);
    assertThat(put.header("WWW-Authenticate")).startsWith("Bearer");
    assertThat(put.json().get("error").asText()).isEqualTo("unauthorized");
    assertThat(invoke(forUser(load("get-preference.json"), "lambda-u1", user)).status())
        .isEqualTo(404);
  }

  @Test
  void aBadTokenIsA401Json() {
    for (String token :
        new String[] {
          TestTokens.expired(),
          TestTokens.wrongIssuer(),
          TestTokens.wrongAudience(),
          TestTokens.wrongKey(),
          "not-a-jwt"
        }) {
      Result get =
          invoke(LambdaEvents.withAuthorization(load("list-preferences.json"), "Bearer " + token));
      assertThat(get.status()).as(get.raw().toString()).isEqualTo(401);
      assertThat(get.json().get("error").asText()).isEqualTo("invalid_token");
    }
  }

  /** Through the Lambda too, a user's token reaches its own preferences only (ADR 0094). */
  @Test
  void anotherUsersTokenIsA403JsonAndItsOwnIsLetThrough() {
    Result other =
        invoke(
            LambdaEvents.withAuthorization(
                load("list-preferences.json"), "Bearer " + TestTokens.forUser("someone-else")));
    assertThat(other.status()).as(other.raw().toString()).isEqualTo(403);
    assertThat(other.json().get("error").asText()).isEqualTo("forbidden");
    Result own =
        invoke(
            LambdaEvents.withAuthorization(
                load("list-preferences.json"), "Bearer " + TestTokens.forUser("lambda-u1")));
    assertThat(own.status()).as(own.raw().toString()).isEqualTo(200);
  }

  @Test
  void wrongContentTypeIsA415Json() {
    Result result = invoke(load("put-text-plain.json"));
    assertThat(result.status()).isEqualTo(415);
    assertThat(result.json().get("error").asText()).isEqualTo("unsupported_media_type");
  }

  @Test
  void oversizedBodyIsA413Json() {
    String body = "{\"enabled\":true,\"pad\":\"" + "x".repeat(2000) + "\"}";
    Result result = invoke(withBody(load("put-preference.json"), body));
    assertThat(result.status()).isEqualTo(413);
    assertThat(result.json().get("error").asText()).isEqualTo("body_too_large");
  }

  @Test
  void badUserIdIsA400NamingTheField() {
    Result result = invoke(load("get-bad-user-id.json"));
    assertThat(result.status()).isEqualTo(400);
    assertThat(result.json().get("error").asText()).isEqualTo("invalid_user_id");
    assertThat(result.json().get("message").asText()).startsWith("userId must be");
  }

  @Test
  void unknownRouteIsAJson404() {
    Result result = invoke(load("get-unknown-route.json"));
    assertThat(result.status()).isEqualTo(404);
    assertThat(result.json().get("error").asText()).isEqualTo("not_found");
  }

  @Test
  void keepsApiGatewaysRequestIdHeaderAndNamesTheInstance() {
    var event = load("get-unknown-route.json");
    ((com.fasterxml.jackson.databind.node.ObjectNode) event.get("headers"))
        .put("x-request-id", "apigw-req-42");
    Result result = invoke(event);
    assertThat(result.header("X-Request-ID")).isEqualTo("apigw-req-42");
    assertThat(result.header("X-Served-By")).isNotBlank();
  }

  @Test
  void poolHoldsAtMostTwoConnections() {
    assertThat(dataSource.getConfiguration().connectionPoolConfiguration().maxSize())
        .isLessThanOrEqualTo(2);
  }
}
