package dev.day2.drills;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Kills ({@code kill -9}) the first replica of every API under load through the edge, then starts
 * them again. Goal: 0 failed requests — the edge retries a failed connection on the other replica
 * and its health checks take the dead one out.
 */
final class ReplicaLossDrill {
  static final List<String> SERVICES = List.of("hello", "counter", "preferences", "tiles");
  static final List<String> PATHS =
      List.of("/", "/", "/v1/users/drill-reader/preferences", "/maps/tileset/osm_buildings");

  private ReplicaLossDrill() {}

  static Row run(Context c) throws IOException {
    try (Load load =
        c.load(n -> c.viaEdge(SERVICES.get((int) (n % 4)), PATHS.get((int) (n % 4))))) {
      c.settings().pause();
      Instant broke = Instant.now();
      SERVICES.forEach(s -> c.stack().killReplica(s, 0));
      c.settings().pause();
      // start them again one after the other: four JVMs starting at once on the drills' two
      // cores starve the surviving replicas' health checks (a cluster starts them elsewhere)
      for (String service : SERVICES) {
        c.stack().restartReplica(service, 0);
      }
      Duration recovered = Duration.between(broke, Instant.now());
      c.settings().pause();
      load.close();
      long failed = load.failed();
      return new Row(
          "replica loss",
          "kill -9 one of two replicas of hello, counter, preferences, tiles",
          load.sent(),
          failed,
          "-",
          recovered,
          "0 failed",
          failed == 0,
          false,
          "time to recover = until the killed replicas were ready again; "
              + Failures.summary(load));
    }
  }
}
