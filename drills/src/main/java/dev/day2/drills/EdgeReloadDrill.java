package dev.day2.drills;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Changes the edge's config and reloads HAProxy ({@code kill -USR2} to the master) under load. The
 * change is a real one: the tiles backend gets the tiles replicas as backup servers, so tiles keep
 * answering when Varnish is gone (the next drill). Goal: 0 failed requests.
 */
final class EdgeReloadDrill {
  static final String CACHE_SERVER = "    server cache \"${TILES_CACHE-cache:6081}\"\n";
  static final String FALLBACK =
      CACHE_SERVER
          + "    server r1 \"${TILES_R1-tiles-1:8085}\" backup\n"
          + "    server r2 \"${TILES_R2-tiles-2:8085}\" backup\n";

  private EdgeReloadDrill() {}

  static Row run(Context c) throws IOException, InterruptedException {
    try (Load load =
        c.load(n ->
            c.viaEdge(
                ReplicaLossDrill.SERVICES.get((int) (n % 4)),
                ReplicaLossDrill.PATHS.get((int) (n % 4))))) {
      c.settings().pause();
      Path cfg = c.stack().edgeConfig();
      Files.writeString(cfg, withTilesFallback(Files.readString(cfg)));
      Instant reloaded = Instant.now();
      c.stack().reloadEdge();
      boolean applied = Context.await(Duration.ofSeconds(30), () -> statsShowFallback(c));
      Duration recovered = Duration.between(reloaded, Instant.now());
      c.settings().pause();
      load.close();
      long failed = load.failed();
      return new Row(
          "edge reload",
          "haproxy config changed (tiles fall back to the replicas) + hitless reload",
          load.sent(),
          failed,
          "-",
          recovered,
          "0 failed",
          failed == 0 && applied,
          false,
          (applied ? "new config live" : "NEW CONFIG NOT LIVE")
              + " (time = until the stats show the new servers); "
              + Failures.summary(load));
    }
  }

  /** deploy/edge/haproxy.cfg with the tiles replicas as backup servers behind Varnish. */
  static String withTilesFallback(String config) {
    if (!config.contains(CACHE_SERVER)) {
      throw new IllegalStateException("the edge config has no tiles cache server line to extend");
    }
    return config.replace(CACHE_SERVER, FALLBACK);
  }

  private static boolean statsShowFallback(Context c) {
    try {
      String csv =
          c.client()
              .send(
                  Http.get("http://127.0.0.1:" + c.stack().edgeStatsPort() + "/stats;csv").build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      return csv.contains("\ntiles,r1,");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
