package dev.day2.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.day2.testing.process.FreePorts;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped deploy/edge/haproxy.cfg, run by the real haproxy binary on loopback, sends tiles to
 * the cache while it is up and to the tiles replicas (its {@code backup} servers) while it is down
 * (ADR 0103). The cache and the two replicas are stand-ins: tiny HTTP servers that say who they are
 * and answer the readiness probe the edge checks.
 */
class EdgeTilesFallbackTest {
  static final Path HOME = Path.of(System.getProperty("day2.home"));

  @TempDir Path tmp;
  private final List<HttpServer> servers = new java.util.ArrayList<>();
  private Process haproxy;

  @AfterEach
  void stop() throws Exception {
    if (haproxy != null) {
      haproxy.destroy();
      haproxy.waitFor(10, TimeUnit.SECONDS);
    }
    servers.forEach(s -> s.stop(0));
  }

  private HttpServer standIn(String name) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] body = name.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("X-From", name);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    servers.add(server);
    return server;
  }

  private static int freePort() {
    return FreePorts.next();
  }

  @Test
  void tilesFallBackToTheReplicasWhileTheCacheIsDownAndReturnToIt() throws Exception {
    HttpServer cache = standIn("cache");
    HttpServer r1 = standIn("tiles-1");
    HttpServer r2 = standIn("tiles-2");

    Process cert =
        new ProcessBuilder(HOME.resolve("scripts/edge-cert.sh").toString(), tmp.toString())
            .redirectErrorStream(true)
            .start();
    assertThat(cert.waitFor()).isZero();
    Path pem = tmp.resolve("edge.pem");
    int https = freePort();
    Map<String, String> env =
        new HashMap<>(
            LocalEdge.environment(
                RunnerConfig.fromEnvironment(HOME, Map.of("PORT_OFFSET", "3300")), pem));
    env.put("EDGE_HTTPS_BIND", "127.0.0.1:" + https);
    env.put("EDGE_HTTP_BIND", "127.0.0.1:" + freePort());
    env.put("EDGE_STATS_BIND", "127.0.0.1:" + freePort());
    env.put("TILES_CACHE", "127.0.0.1:" + cache.getAddress().getPort());
    env.put("TILES_R1", "127.0.0.1:" + r1.getAddress().getPort());
    env.put("TILES_R2", "127.0.0.1:" + r2.getAddress().getPort());
    ProcessBuilder pb =
        new ProcessBuilder(
                "haproxy", "-db", "-f", HOME.resolve("deploy/edge/haproxy.cfg").toString())
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("haproxy.log").toFile());
    pb.environment().put("PATH", pb.environment().get("PATH") + ":/usr/sbin:/sbin");
    pb.environment().putAll(env);
    haproxy = pb.start();
    EdgeClient edge = new EdgeClient(pem, https);

    // Up: every tile comes from the cache (the replicas are backups, idle).
    assertThat(awaitFrom(edge, "cache"::equals)).isTrue();
    assertThat(from(edge, 20)).containsExactly("cache");

    // The cache goes: after its checks fail (2 × 1 s) the replicas answer.
    cache.stop(0);
    assertThat(awaitFrom(edge, s -> s.startsWith("tiles-"))).isTrue();
    assertThat(from(edge, 20)).allMatch(s -> s.startsWith("tiles-"));

    // The cache comes back on the same port: it gets the traffic again.
    HttpServer again =
        HttpServer.create(new InetSocketAddress("127.0.0.1", cache.getAddress().getPort()), 0);
    again.createContext(
        "/",
        exchange -> {
          exchange.getResponseHeaders().add("X-From", "cache");
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    again.start();
    servers.add(again);
    assertThat(awaitFrom(edge, "cache"::equals)).isTrue();
  }

  /** Who answered each of n tile requests (the stand-in's X-From), 200s only. */
  private static Set<String> from(EdgeClient edge, int n) throws Exception {
    Set<String> from = new TreeSet<>();
    for (int i = 0; i < n; i++) {
      HttpResponse<String> r = edge.get("tiles.localhost", "/maps/tileset/x/14/1/1");
      assertThat(r.statusCode()).as("tile %d: %s", i, r.body()).isEqualTo(200);
      from.add(r.headers().firstValue("X-From").orElse("?"));
    }
    return from;
  }

  /** Until a 200 comes from a server {@code which} accepts (readiness, at most 15 s). */
  private static boolean awaitFrom(EdgeClient edge, Predicate<String> which) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> r = edge.get("tiles.localhost", "/maps/tileset/x/14/1/1");
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
}
