package dev.day2.counter;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The metric {@code counter_value}: the shared count in Redis (key {@code hits}), read every {@code
 * COUNTER_VALUE_REFRESH} (10 s). NaN until the first read and while Redis cannot be read, so a
 * graph shows a gap instead of a made-up number. Every replica reports the same count: take the max
 * across instances.
 */
@Singleton
class CounterValue {
  private final ReactiveValueCommands<String, Long> values;
  private final AtomicReference<Double> value = new AtomicReference<>(Double.NaN);

  CounterValue(ReactiveRedisDataSource redis, MeterRegistry registry) {
    this.values = redis.value(Long.class);
    Gauge.builder("counter_value", this, CounterValue::current)
        .description("The shared visit count stored in Redis (key hits)")
        .register(registry);
  }

  double current() {
    return value.get();
  }

  /** Reads the count once; a failure leaves NaN. */
  Uni<Void> refresh() {
    return values
        .get(Counter.KEY)
        .onItem()
        .invoke(v -> value.set(v == null ? 0.0 : v.doubleValue()))
        .onFailure()
        .invoke(e -> value.set(Double.NaN))
        .onFailure()
        .recoverWithNull()
        .replaceWithVoid();
  }

  static void schedule(
      @Observes StartupEvent start,
      Vertx vertx,
      CounterValue gauge,
      @ConfigProperty(name = "COUNTER_VALUE_REFRESH", defaultValue = "10s") Duration every) {
    vertx.setPeriodic(0, every.toMillis(), id -> gauge.refresh().subscribe().with(done -> {}));
  }
}
