package dev.day2.portal;

import dev.day2.common.JsonErrors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Function;

/**
 * Calls to the services the page uses through this backend (counter, preferences). Replicas take
 * turns; one that refuses the connection (the request never reached it) is skipped for the next,
 * any other failure is not retried (the request may have been received). A service that is down or
 * slow becomes a 503 JSON error naming it, never a 500.
 */
@ApplicationScoped
class Backends {
  static final Duration TIMEOUT = Duration.ofSeconds(3);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  /**
   * Sends the request {@code request} builds for a replica's base URL (its timeout is set here);
   * {@code name} appears in the 503.
   */
  HttpResponse<String> send(
      String name, Replicas replicas, Function<URI, HttpRequest.Builder> request)
      throws Unreachable {
    for (URI base : replicas.inTurn()) {
      try {
        return http.send(
            request.apply(base).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
      } catch (ConnectException | HttpConnectTimeoutException e) {
        // not connected: this replica never saw the request, the next one may take it
      } catch (IOException e) {
        throw new Unreachable(name);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Unreachable(name);
      }
    }
    throw new Unreachable(name);
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
