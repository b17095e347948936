package dev.day2.counter;

import dev.day2.redis.RedisFailures;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/**
 * The count lives in Redis under {@code hits} (the original Flask app's key), so every replica
 * shares it and it survives replica restarts; Redis' AOF makes it survive Redis restarts.
 */
@Singleton
class Counter {
  static final String KEY = "hits";

  private final ReactiveValueCommands<String, Long> values;
  private final io.micrometer.core.instrument.Counter served;

  Counter(ReactiveRedisDataSource redis, MeterRegistry registry) {
    this.values = redis.value(Long.class);
    this.served =
        io.micrometer.core.instrument.Counter.builder("counter_hits_served")
            .description("Increments this replica made to the shared count")
            .register(registry);
  }

  /** Counts one more visit and returns the new total. */
  Uni<Long> increment() {
    return values
        .incr(KEY)
        .onItem()
        .invoke(() -> served.increment())
        .onFailure()
        .transform(RedisFailures::translate);
  }
}
