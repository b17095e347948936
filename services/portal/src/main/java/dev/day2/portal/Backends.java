package dev.day2.portal;

import dev.day2.common.JsonErrors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Calls to the services the page uses through this backend (counter, preferences). A service that
 * is down or slow becomes a 503 JSON error naming it, never a 500.
 */
@ApplicationScoped
class Backends {
  static final Duration TIMEOUT = Duration.ofSeconds(3);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  /** Sends {@code request} (its timeout is set here); {@code name} appears in the 503. */
  HttpResponse<String> send(String name, HttpRequest.Builder request) throws Unreachable {
    try {
      return http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new Unreachable(name);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unreachable(name);
    }
  }

  static HttpRequest.Builder to(URI base, String path) {
    return HttpRequest.newBuilder(URI.create(base + path));
  }

  /** The service did not answer. */
  static final class Unreachable extends Exception {
    final String service;

    Unreachable(String service) {
      super(service + " is unreachable");
      this.service = service;
    }

    Response response() {
      return JsonErrors.of(503, service + "_unavailable", getMessage());
    }
  }
}
