package dev.day2.wrpi.updater;

import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a reading with one {@code MSET}: Redis applies it atomically, so no reader ever pairs a
 * value with another run's time, and two updaters racing simply leave the later complete pair.
 */
@Singleton
class WrpiStore {
  private final Instance<RedisDataSource> redis;

  WrpiStore(Instance<RedisDataSource> redis) {
    this.redis = redis; // looked up on first use, after the settings were checked
  }

  void save(Wrpi reading) {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put(Wrpi.LATEST_KEY, reading.value());
    keys.put(Wrpi.TIMESTAMP_KEY, reading.timestamp());
    redis.get().value(String.class).mset(keys);
  }
}
