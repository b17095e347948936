package dev.day2.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Which missed goals fail a run: all in the full run, only data and answer goals in CI's. */
class SettingsTest {
  private static Row missed(String goal, boolean dataGoal) {
    return new Row("d", "b", 1, 1, "-", Duration.ZERO, goal, false, dataGoal, "");
  }

  @Test
  void theFullRunFailsOnEveryMissedGoal() {
    Settings full = Settings.of("full");
    assertThat(full.failsOn(missed("0 failed", false))).isTrue();
    assertThat(full.failsOn(missed("RPO 0, RTO < 5 min", true))).isTrue();
  }

  @Test
  void theShortRunFailsOnDataLossButOnlyReportsFailedRequests() {
    Settings ci = Settings.of("short");
    assertThat(ci.failsOn(missed("RPO 0, RTO < 5 min", true))).isTrue();
    assertThat(ci.failsOn(missed("503 JSON while down, 200 after", false))).isFalse();
    assertThat(ci.failsOn(missed("0 failed", false))).isFalse();
  }

  @Test
  void anUnknownModeNamesTheVariable() {
    assertThatThrownBy(() -> Settings.of("long")).hasMessageContaining("DRILLS");
  }
}
