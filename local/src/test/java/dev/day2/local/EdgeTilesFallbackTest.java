package dev.day2.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
  @TempDir Path tmp;
  private StandInEdge stands;

  @AfterEach
  void stop() throws Exception {
    stands.close();
  }

  @Test
  void tilesFallBackToTheReplicasWhileTheCacheIsDownAndReturnToIt() throws Exception {
    stands = new StandInEdge(tmp);
    HttpServer cache = stands.standIn("cache");
    HttpServer r1 = stands.standIn("tiles-1");
    HttpServer r2 = stands.standIn("tiles-2");
    EdgeClient edge =
        stands.start(
            Map.of(
                "TILES_CACHE", StandInEdge.address(cache),
                "TILES_R1", StandInEdge.address(r1),
                "TILES_R2", StandInEdge.address(r2)));

    // Up: every tile comes from the cache (the replicas are backups, idle).
    assertThat(awaitFrom(edge, "cache"::equals)).isTrue();
    assertThat(from(edge, 20)).containsExactly("cache");

    // The cache goes: after its checks fail (2 × 1 s) the replicas answer.
    cache.stop(0);
    assertThat(awaitFrom(edge, s -> s.startsWith("tiles-"))).isTrue();
    assertThat(from(edge, 20)).allMatch(s -> s.startsWith("tiles-"));

    // The cache comes back on the same port: it gets the traffic again.
    stands.standIn("cache", cache.getAddress().getPort());
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

  private static boolean awaitFrom(EdgeClient edge, Predicate<String> which) throws Exception {
    return StandInEdge.awaitFrom(edge, "tiles.localhost", "/maps/tileset/x/14/1/1", which);
  }
}
