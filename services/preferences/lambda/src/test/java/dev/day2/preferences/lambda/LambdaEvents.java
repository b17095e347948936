package dev.day2.preferences.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.day2.preferences.TestTokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/**
 * API Gateway HTTP API (payload 2.0) events from {@code src/test/resources/events}, and a way to
 * send one through the Lambda handler: Quarkus' mock Lambda runtime queues it, the function's own
 * poll loop takes it, runs it through the HTTP adapter and posts back the proxy response.
 */
final class LambdaEvents {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private LambdaEvents() {}

  /**
   * The event in {@code events/<name>}, with a fresh request id and a valid bearer token (API
   * Gateway's JWT authorizer passes the header on; the function checks it again).
   */
  static ObjectNode load(String name) {
    return withAuthorization(loadAnonymous(name), TestTokens.bearer());
  }

  /** {@code headers.authorization} set to {@code value}, or removed when it is null. */
  static ObjectNode withAuthorization(ObjectNode event, String value) {
    ObjectNode headers = (ObjectNode) event.get("headers");
    if (value == null) {
      headers.remove("authorization");
    } else {
      headers.put("authorization", value);
    }
    return event;
  }

  /** The event in {@code events/<name>}, with a fresh request id and no token. */
  static ObjectNode loadAnonymous(String name) {
    try (InputStream in = LambdaEvents.class.getResourceAsStream("/events/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no event " + name);
      }
      ObjectNode event = (ObjectNode) JSON.readTree(in);
      ((ObjectNode) event.get("requestContext")).put("requestId", UUID.randomUUID().toString());
      return event;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The event for another user: rewrites {@code rawPath} and {@code requestContext.http.path}. */
  static ObjectNode forUser(ObjectNode event, String from, String to) {
    String path =
        event.get("rawPath").asText().replace("/users/" + from + "/", "/users/" + to + "/");
    event.put("rawPath", path);
    ((ObjectNode) event.get("requestContext").get("http")).put("path", path);
    return event;
  }

  static ObjectNode withBody(ObjectNode event, String body) {
    event.put("body", body);
    event.put("isBase64Encoded", false);
    ((ObjectNode) event.get("headers"))
        .put("content-length", Integer.toString(body.getBytes(StandardCharsets.UTF_8).length));
    return event;
  }

  /** Invokes the function with {@code event}; returns its API Gateway proxy response. */
  static Result invoke(int mockRuntimePort, JsonNode event) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + mockRuntimePort + "/_lambda_"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(event.toString()))
            .build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      return new Result(JSON.readTree(response.body()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The proxy response: {@code statusCode}, {@code headers}, {@code body}, {@code isBase64Encoded}.
   */
  record Result(JsonNode raw) {
    int status() {
      return raw.get("statusCode").asInt();
    }

    String header(String name) {
      JsonNode headers = raw.get("headers");
      if (headers == null) {
        return null;
      }
      for (var it = headers.properties().iterator(); it.hasNext(); ) {
        var entry = it.next();
        if (entry.getKey().equalsIgnoreCase(name)) {
          return entry.getValue().asText();
        }
      }
      return null;
    }

    String bodyText() {
      JsonNode body = raw.get("body");
      if (body == null || body.isNull()) {
        return "";
      }
      return raw.path("isBase64Encoded").asBoolean()
          ? new String(Base64.getDecoder().decode(body.asText()), StandardCharsets.UTF_8)
          : body.asText();
    }

    JsonNode json() {
      try {
        return JSON.readTree(bodyText());
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + bodyText(), e);
      }
    }
  }
}
