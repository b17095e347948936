package dev.day2.hello;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Makes the greeting at the current second in the configured zone ({@code HELLO_TIME_ZONE}). */
@Singleton
class Greeter {
  private final Clock clock;
  private final ZoneId zone;

  Greeter(Clock clock, @ConfigProperty(name = "hello.time-zone") ZoneId zone) {
    this.clock = clock;
    this.zone = zone;
  }

  Greeting now() {
    ZonedDateTime time = ZonedDateTime.now(clock.withZone(zone)).truncatedTo(ChronoUnit.SECONDS);
    return new Greeting("hello world", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time));
  }
}
