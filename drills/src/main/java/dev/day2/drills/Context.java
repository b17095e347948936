package dev.day2.drills;

import dev.day2.local.DrillStack;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** What every drill works with: the running stack, its PostgreSQL, a client, a token, settings. */
record Context(
    DrillStack stack,
    PostgresCluster postgres,
    HttpClient client,
    String token,
    Settings settings,
    String pushgateway) {

  /** The Pushgateway's metrics lines that start with {@code name}. */
  java.util.List<String> pushed(String name) {
    try {
      String body =
          client
              .send(
                  Http.get(pushgateway + "/metrics").build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString())
              .body();
      return body.lines().filter(l -> l.startsWith(name)).toList();
    } catch (java.io.IOException e) {
      return java.util.List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return java.util.List.of();
    }
  }

  /** A request to {@code service} through the edge (TLS, routed by host name). */
  HttpRequest viaEdge(String service, String path) {
    HttpRequest.Builder b =
        Http.viaEdge(stack.edgeHttpsPort(), host(service), path).header("Accept", "*/*");
    if (service.equals("preferences")) {
      b.header("Authorization", "Bearer " + token);
    }
    return b.build();
  }

  /** A request straight to one replica. */
  HttpRequest.Builder direct(String service, int replica, String path) {
    HttpRequest.Builder b = Http.get("http://127.0.0.1:" + stack.port(service, replica) + path);
    if (service.equals("preferences")) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  Load load(java.util.function.LongFunction<HttpRequest> request) {
    return Load.start(
        client, 8, settings.perSecond(), settings.maxRequests(), Settings.MAX_LOAD_TIME, request);
  }

  private static String host(String service) {
    return (service.equals("wrpi-api") ? "wrpi" : service) + ".localhost";
  }

  /** Polls {@code done} every 100 ms; false when {@code timeout} passes first. */
  static boolean await(Duration timeout, BooleanSupplier done) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (done.getAsBoolean()) {
        return true;
      }
      Settings.sleep(Duration.ofMillis(100));
    }
    return false;
  }
}
