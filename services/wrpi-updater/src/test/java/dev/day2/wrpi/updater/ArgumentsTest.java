package dev.day2.wrpi.updater;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ArgumentsTest {
  @Test
  void noArgumentsMeansOnce() {
    assertThat(Arguments.parse().loopSeconds()).isEmpty();
  }

  @Test
  void loopTakesSeconds() {
    assertThat(Arguments.parse("--loop", "60").loopSeconds()).hasValue(60);
  }

  @Test
  void rejectsNonsense() {
    assertThatThrownBy(() -> Arguments.parse("--loop", "0")).hasMessageContaining("from 1 to");
    assertThatThrownBy(() -> Arguments.parse("--loop", "1m")).hasMessageContaining("\"1m\"");
    assertThatThrownBy(() -> Arguments.parse("--loop")).hasMessageContaining("unexpected");
    assertThatThrownBy(() -> Arguments.parse("--once")).hasMessageContaining("--once");
  }
}
