package dev.day2.drills;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Restarts Varnish (an empty cache afterwards) under tile load through the edge. While it is down
 * the edge sends tiles to the replicas directly (haproxy.cfg's backup servers); after it, every
 * tile is a miss once: the miss storm, measured as misses and the time until 90 % of 50 answers in
 * a row are hits again.
 */
final class VarnishRestartDrill {
  private VarnishRestartDrill() {}

  static Row run(Context c) throws IOException, InterruptedException {
    List<String> tiles = tiles();
    for (String tile : tiles) { // warm the cache: every tile once
      try {
        c.client().send(c.viaEdge("tiles", tile), HttpResponse.BodyHandlers.discarding());
      } catch (IOException e) {
        // a slow answer while warming: the tile is cached by the load anyway
      }
    }
    try (Load load = c.load(n -> c.viaEdge("tiles", tiles.get((int) (n % tiles.size()))))) {
      c.settings().pause();
      Instant broke = Instant.now();
      c.stack().stopVarnish();
      Settings.sleep(c.settings().outage());
      c.stack().startVarnish();
      Instant back = Instant.now();
      c.settings().pause();
      c.settings().pause();
      load.close();
      List<Load.Outcome> all = load.outcomes();
      long direct =
          all.stream()
              .filter(o -> o.at().isAfter(broke) && o.at().isBefore(back))
              .filter(o -> o.ok() && o.cache().isEmpty())
              .count();
      long misses =
          all.stream().filter(o -> o.at().isAfter(back) && o.cache().equals("MISS")).count();
      Duration storm = stormLength(all, back);
      long failed = load.failed();
      return new Row(
          "cache restart",
          "varnish stopped for " + Row.seconds(c.settings().outage()) + ", started empty",
          load.sent(),
          failed,
          "-",
          Duration.between(broke, back),
          "0 failed: tiles keep answering",
          failed == 0,
          false,
          "%d answered by the replicas while Varnish was down; miss storm: %d misses over %s until 90%% hits (%d tiles); %s"
              .formatted(direct, misses, Row.seconds(storm), tiles.size(), Failures.summary(load)));
    }
  }

  /** From {@code back} until 45 of 50 consecutive cache answers are hits. */
  static Duration stormLength(List<Load.Outcome> all, Instant back) {
    List<Load.Outcome> after =
        all.stream().filter(o -> o.at().isAfter(back) && !o.cache().isEmpty()).toList();
    for (int i = 50; i <= after.size(); i++) {
      long hits =
          after.subList(i - 50, i).stream().filter(o -> o.cache().startsWith("HIT")).count();
      if (hits >= 45) {
        return Duration.between(back, after.get(i - 50).at());
      }
    }
    return after.isEmpty() ? Duration.ZERO : Duration.between(back, after.getLast().at());
  }

  /** The Monaco sample's tiles at zoom 14 and 15 (its bounds: 7.40–7.44 E, 43.72–43.76 N). */
  static List<String> tiles() {
    List<String> urls = new ArrayList<>();
    for (int z = 14; z <= 15; z++) {
      int x0 = x(7.405, z), x1 = x(7.44, z), y0 = y(43.755, z), y1 = y(43.723, z);
      for (int x = x0; x <= x1; x++) {
        for (int y = y0; y <= y1; y++) {
          urls.add("/maps/tileset/osm_buildings/%d/%d/%d".formatted(z, x, y));
        }
      }
    }
    return urls;
  }

  static int x(double lon, int z) {
    return (int) Math.floor((lon + 180) / 360 * (1 << z));
  }

  static int y(double lat, int z) {
    double r = Math.toRadians(lat);
    return (int) Math.floor((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2 * (1 << z));
  }
}
