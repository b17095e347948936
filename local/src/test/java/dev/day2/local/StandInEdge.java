package dev.day2.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.day2.testing.process.FreePorts;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The shipped deploy/edge/haproxy.cfg run by the real haproxy binary on loopback, in front of
 * stand-ins: tiny HTTP servers that answer every path with their own name (header {@code X-From})
 * and the path they were asked for (body), the readiness probe the edge checks included.
 */
final class StandInEdge implements AutoCloseable {
  static final Path HOME = Path.of(System.getProperty("day2.home"));

  private final Path dir;
  private final List<HttpServer> servers = new ArrayList<>();
  private Process haproxy;
  private EdgeClient client;
  private int statsPort;

  StandInEdge(Path dir) {
    this.dir = dir;
  }

  /** A stand-in named {@code name} on a free loopback port (the kernel's: it binds at once). */
  HttpServer standIn(String name) throws Exception {
    return standIn(name, 0);
  }

  /** A stand-in named {@code name} on {@code port}: a server coming back where it was. */
  HttpServer standIn(String name, int port) throws Exception {
    return standIn(name, port, path -> null);
  }

  /**
   * A stand-in for the tile cache: it also answers {@code X-Cache} with what {@code cache} says of
   * the path ({@code HIT} or {@code MISS}; null: no such header).
   */
  HttpServer standIn(String name, int port, UnaryOperator<String> cache) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getRawPath();
          byte[] body = path.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("X-From", name);
          String hit = cache.apply(path);
          if (hit != null) {
            exchange.getResponseHeaders().add("X-Cache", hit);
          }
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    servers.add(server);
    return server;
  }

  /** The address haproxy's {@code ${VAR}} for a backend server takes, of {@code server}. */
  static String address(HttpServer server) {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /**
   * Starts haproxy with the runner's environment and {@code backends} (e.g. {@code HELLO_R1} →
   * {@link #address}) over it; returns a client for its HTTPS frontend.
   */
  EdgeClient start(Map<String, String> backends) throws Exception {
    Process cert =
        new ProcessBuilder(HOME.resolve("scripts/edge-cert.sh").toString(), dir.toString())
            .redirectErrorStream(true)
            .start();
    assertThat(cert.waitFor()).isZero();
    Path pem = dir.resolve("edge.pem");
    int https = FreePorts.next();
    Map<String, String> env =
        new HashMap<>(
            LocalEdge.environment(
                RunnerConfig.fromEnvironment(HOME, Map.of("PORT_OFFSET", "3300")), pem));
    env.put("EDGE_HTTPS_BIND", "127.0.0.1:" + https);
    env.put("EDGE_HTTP_BIND", "127.0.0.1:" + FreePorts.next());
    statsPort = FreePorts.next();
    env.put("EDGE_STATS_BIND", "127.0.0.1:" + statsPort);
    env.putAll(backends);
    ProcessBuilder pb =
        new ProcessBuilder(
                "haproxy", "-db", "-f", HOME.resolve("deploy/edge/haproxy.cfg").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("haproxy.log").toFile());
    pb.environment().put("PATH", pb.environment().get("PATH") + ":/usr/sbin:/sbin");
    pb.environment().putAll(env);
    haproxy = pb.start();
    client = new EdgeClient(pem, https);
    return client;
  }

  /**
   * Until a 200 for {@code path} on {@code host} comes from a stand-in {@code which} accepts (its
   * {@code X-From}): haproxy started and its checks found the server ready; false after 15 s.
   */
  static boolean awaitFrom(EdgeClient edge, String host, String path, Predicate<String> which)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> r = edge.get(host, path);
        if (r.statusCode() == 200 && which.test(r.headers().firstValue("X-From").orElse(""))) {
          return true;
        }
      } catch (java.io.IOException notListeningYet) {
        // haproxy still starting
      }
      Thread.sleep(100); // polling readiness, not waiting a fixed time
    }
    return false;
  }

  /** HAProxy's own Prometheus metrics, from the stats frontend on loopback. */
  String metrics() throws Exception {
    HttpResponse<String> metrics =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + statsPort + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.statusCode()).isEqualTo(200);
    return metrics.body();
  }

  @Override
  public void close() throws Exception {
    if (haproxy != null) {
      haproxy.destroy();
      haproxy.waitFor(10, TimeUnit.SECONDS);
    }
    servers.forEach(s -> s.stop(0));
  }
}
