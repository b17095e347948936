package dev.day2.counter;

import dev.day2.redis.testing.RedisServerResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link RedisServerResource}, with the application pointed at a {@link StallingProxy} in front of
 * the redis-server instead of at the server itself; {@link #proxy()} gives it to the test (same
 * JVM: a {@code @QuarkusTest}).
 */
public class StallingRedisResource extends RedisServerResource {
  private static volatile StallingProxy proxy;

  static StallingProxy proxy() {
    return proxy;
  }

  @Override
  public Map<String, String> start() {
    Map<String, String> config = new HashMap<>(super.start());
    try {
      proxy =
          new StallingProxy(config.get("REDIS_HOST"), Integer.parseInt(config.get("REDIS_PORT")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    config.put("REDIS_HOST", proxy.host());
    config.put("REDIS_PORT", Integer.toString(proxy.port()));
    return config;
  }

  @Override
  public void stop() {
    try {
      if (proxy != null) {
        proxy.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      super.stop();
    }
  }
}
