package dev.day2.drills;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Changes the edge's config and reloads HAProxy ({@code kill -USR2} to the master) under load. The
 * change has the shape of a scale-out: the hello backend gets a third server line (pointing at its
 * second replica). Goal: 0 failed requests and the new server in the stats. (Until 2026-11-30 the
 * change was the tiles replicas as backup servers behind the cache; deploy/edge/haproxy.cfg has
 * them now, ADR 0103.)
 */
final class EdgeReloadDrill {
  static final String HELLO_LAST_SERVER = "    server r2 \"${HELLO_R2-hello-2:8081}\"\n";
  static final String SCALED_OUT =
      HELLO_LAST_SERVER + "    server r3 \"${HELLO_R2-hello-2:8081}\"\n";

  private EdgeReloadDrill() {}

  static Row run(Context c) throws IOException, InterruptedException {
    try (Load load =
        c.load(n ->
            c.viaEdge(
                ReplicaLossDrill.SERVICES.get((int) (n % 4)),
                ReplicaLossDrill.PATHS.get((int) (n % 4))))) {
      c.settings().pause();
      Path cfg = c.stack().edgeConfig();
      Files.writeString(cfg, withThirdHelloServer(Files.readString(cfg)));
      Instant reloaded = Instant.now();
      c.stack().reloadEdge();
      boolean applied = Context.await(Duration.ofSeconds(30), () -> statsShowThirdServer(c));
      Duration recovered = Duration.between(reloaded, Instant.now());
      c.settings().pause();
      load.close();
      long failed = load.failed();
      return new Row(
          "edge reload",
          "haproxy config changed (a third hello server) + hitless reload",
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

  /** deploy/edge/haproxy.cfg with a third server in the hello backend. */
  static String withThirdHelloServer(String config) {
    if (!config.contains(HELLO_LAST_SERVER)) {
      throw new IllegalStateException("the edge config has no hello r2 server line to extend");
    }
    return config.replace(HELLO_LAST_SERVER, SCALED_OUT);
  }

  private static boolean statsShowThirdServer(Context c) {
    try {
      String csv =
          c.client()
              .send(
                  Http.get("http://127.0.0.1:" + c.stack().edgeStatsPort() + "/stats;csv").build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      return csv.contains("\nhello,r3,");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
