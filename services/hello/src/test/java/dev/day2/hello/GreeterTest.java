package dev.day2.hello;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class GreeterTest {
  private final Clock clock =
      Clock.fixed(Instant.parse("2026-11-22T10:15:30.789Z"), ZoneOffset.UTC);

  @Test
  void formatsUtcAsZuluToTheSecond() {
    Greeting greeting = new Greeter(clock, ZoneId.of("UTC")).now();
    assertThat(greeting.asText()).isEqualTo("hello world, the time is 2026-11-22T10:15:30Z");
  }

  @Test
  void givesTheConfiguredZoneWithItsOffset() {
    Greeting greeting = new Greeter(clock, ZoneId.of("Europe/Paris")).now();
    assertThat(greeting.time()).isEqualTo("2026-11-22T11:15:30+01:00");
  }
}
