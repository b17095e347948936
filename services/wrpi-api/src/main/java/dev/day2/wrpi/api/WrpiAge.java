package dev.day2.wrpi.api;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The metrics {@code wrpi_value} (the latest reading) and {@code wrpi_value_age_seconds}: how old
 * the stored reading is (both NaN until one was seen). Every {@code GET /v0/wrpi} refreshes it, and
 * so does a read every {@code WRPI_AGE_REFRESH} (10 s) when nobody asks, so a stalled updater shows
 * even on a quiet api.
 */
@Singleton
class WrpiAge {
  private final Clock clock;
  private final AtomicReference<Instant> latest = new AtomicReference<>();
  private volatile double value = Double.NaN;

  WrpiAge(Clock clock, MeterRegistry registry) {
    this.clock = clock;
    Gauge.builder("wrpi_value_age_seconds", this, WrpiAge::seconds)
        .description("Age of the stored WRPI: now minus its calculation time")
        .baseUnit("seconds")
        .register(registry);
    Gauge.builder("wrpi_value", this, age -> age.value)
        .description("The latest WRPI the api has read from Redis")
        .register(registry);
  }

  void saw(Instant calculatedAt, double reading) {
    Instant newest =
        latest.accumulateAndGet(
            calculatedAt, (old, seen) -> old == null || seen.isAfter(old) ? seen : old);
    if (newest.equals(calculatedAt)) {
      value = reading;
    }
  }

  double seconds() {
    Instant at = latest.get();
    return at == null ? Double.NaN : Duration.between(at, clock.instant()).toMillis() / 1000.0;
  }

  /** The quiet-time refresh: a read whose outcome only feeds the gauge. */
  static void schedule(
      @Observes StartupEvent start,
      Vertx vertx,
      WrpiStore store,
      @org.eclipse.microprofile.config.inject.ConfigProperty(name = "wrpi.age-refresh")
          Duration every) {
    vertx.setPeriodic(
        0, every.toMillis(), id -> store.latest().subscribe().with(reading -> {}, failure -> {}));
  }
}
