package dev.day2.drills;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RedisCrashDrillTest {
  @Test
  void readsTheCountFromTheCountersAnswer() {
    assertThat(count("Hello World! I have been seen 1234 times.\n")).isEqualTo(1234);
    assertThat(count("{\"error\":\"service_unavailable\"}")).isZero();
  }

  private static long count(String body) {
    return RedisCrashDrill.count(new Load.Outcome(1, ":8083", 200, body, "", Instant.now()));
  }
}
