package dev.day2.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edge limits what one address may make the tile store do: more than 1200 tile answers in a
 * minute that were cache misses, and that address gets 429 for tiles, while cached tiles and a
 * backup replica's answers (the cache down) never count and other services still answer it (ADR
 * 0132). The real haproxy with the shipped config, in front of a stand-in cache that says HIT or
 * MISS by path.
 */
class EdgeTileMissLimitTest {
  static final int LIMIT = 1200;

  @TempDir Path tmp;
  private StandInEdge stands;
  private EdgeClient edge;

  @BeforeEach
  void start() throws Exception {
    stands = new StandInEdge(tmp);
    HttpServer cache =
        stands.standIn(
            "cache",
            0,
            path -> path.contains("/hit/") ? "HIT" : path.contains("/none/") ? null : "MISS");
    HttpServer replica = stands.standIn("tiles");
    HttpServer hello = stands.standIn("hello");
    edge =
        stands.start(
            Map.of(
                "TILES_CACHE", StandInEdge.address(cache),
                "TILES_R1", StandInEdge.address(replica),
                "TILES_R2", StandInEdge.address(replica),
                "HELLO_R1", StandInEdge.address(hello),
                "HELLO_R2", StandInEdge.address(hello)));
    assertThat(
            StandInEdge.awaitFrom(
                edge, "tiles.localhost", "/maps/tileset/t/hit/0", "cache"::equals))
        .isTrue();
    assertThat(StandInEdge.awaitFrom(edge, "hello.localhost", "/", "hello"::equals)).isTrue();
  }

  @AfterEach
  void stop() throws Exception {
    stands.close();
  }

  private int tile(String path) throws Exception {
    return edge.get("tiles.localhost", path).statusCode();
  }

  @Test
  void cachedTilesAndAnswersWithoutTheCacheNeverCount() throws Exception {
    for (int i = 0; i < LIMIT + 100; i++) {
      assertThat(tile("/maps/tileset/t/hit/" + i)).as("cached tile %d", i).isEqualTo(200);
      // what a backup replica answers while the cache is down: no X-Cache
      assertThat(tile("/maps/tileset/t/none/" + i)).as("direct tile %d", i).isEqualTo(200);
    }
    assertThat(tile("/maps/tileset/t/14/1/" + 1)).isEqualTo(200);
    assertThat(stands.metrics())
        .contains("haproxy_backend_http_requests_total{proxy=\"limited_tile_misses\"} 0");
  }

  @Test
  void anAddressAboveTheMissLimitGets429ForTilesOnly() throws Exception {
    for (int i = 0; i <= LIMIT; i++) {
      assertThat(tile("/maps/tileset/t/14/1/" + i)).as("uncached tile %d", i).isEqualTo(200);
    }
    HttpResponse<String> limited = edge.get("tiles.localhost", "/maps/tileset/t/14/2/0");
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).hasValue("60");
    assertThat(limited.body()).contains("\"error\":\"too_many_requests\"");
    assertThat(tile("/maps/tileset/t/hit/0")).as("a cached tile too, while limited").isEqualTo(429);
    assertThat(edge.get("hello.localhost", "/").statusCode()).as("other services").isEqualTo(200);
    // The limit's own backend answered both 429s: its request counter is the limit's metric.
    assertThat(stands.metrics())
        .contains("haproxy_backend_http_requests_total{proxy=\"limited_tile_misses\"} 2")
        .contains("haproxy_backend_http_requests_total{proxy=\"limited_auth_failures\"} 0");
    // Nor does the firewall ban the address for it: fail2ban's edge jail counts auth failures.
    EdgeLog.awaitLine(tmp.resolve("haproxy.log"), "\"status\":429,\"limit\":\"tile_misses\"");
    assertThat(EdgeLog.fail2banMatches(tmp, "day2-edge", tmp.resolve("haproxy.log"))).isZero();
  }
}
