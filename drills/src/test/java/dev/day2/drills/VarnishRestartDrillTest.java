package dev.day2.drills;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VarnishRestartDrillTest {
  @Test
  void theTilesCoverMonacoAtZoom14And15() {
    List<String> tiles = VarnishRestartDrill.tiles();
    assertThat(tiles).contains("/maps/tileset/osm_buildings/14/8529/5974").hasSizeBetween(4, 200);
  }

  @Test
  void theMissStormEndsWhen45Of50AnswersAreHits() {
    Instant back = Instant.parse("2026-11-30T10:00:00Z");
    List<Load.Outcome> outcomes = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      String cache = i < 100 ? "MISS" : "HIT";
      outcomes.add(new Load.Outcome(i, "tiles", 200, "", cache, back.plusMillis(10L * (i + 1))));
    }
    // the first window of 50 with 45 hits starts at answer 95 (5 misses, then 45 hits)
    assertThat(VarnishRestartDrill.stormLength(outcomes, back)).isEqualTo(Duration.ofMillis(960));
  }
}
