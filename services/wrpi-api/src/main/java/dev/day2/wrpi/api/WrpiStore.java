package dev.day2.wrpi.api;

import dev.day2.redis.RedisFailures;
import dev.day2.redis.RedisUnavailableException;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads both keys with one {@code MGET} (an atomic read, as the updater's {@code MSET} is an atomic
 * write), without blocking the event loop. A slow or absent Redis fails within {@code
 * REDIS_TIMEOUT} as a {@link RedisUnavailableException}.
 */
@Singleton
class WrpiStore {
  private final ReactiveValueCommands<String, String> values;
  private final Duration timeout;
  private final WrpiAge age;
  private final ReadingCache cache;

  WrpiStore(
      ReactiveRedisDataSource redis,
      @ConfigProperty(name = "quarkus.redis.timeout") Duration timeout,
      @ConfigProperty(name = "wrpi.cache-ttl") Duration cacheTtl,
      WrpiAge age) {
    this.values = redis.value(String.class);
    this.timeout = timeout;
    this.age = age;
    this.cache = new ReadingCache(cacheTtl, System::nanoTime);
  }

  /** The current reading: from the short-lived cache, or from Redis. */
  Uni<Reading> latest() {
    return cache.get(this::fromRedis);
  }

  private Uni<Reading> fromRedis() {
    return RedisFailures.within(
            values.mget(StoredReading.LATEST_KEY, StoredReading.TIMESTAMP_KEY), timeout)
        .onFailure()
        .transform(RedisFailures::translate)
        .map(this::read);
  }

  private Reading read(Map<String, String> stored) {
    Reading reading =
        StoredReading.parse(
            stored.get(StoredReading.LATEST_KEY), stored.get(StoredReading.TIMESTAMP_KEY));
    age.saw(reading.calculatedAt(), reading.latestValue());
    return reading;
  }
}
