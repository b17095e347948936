package dev.day2.counter;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The count lives in Redis under {@code hits} (the original Flask app's key), so every replica
 * shares it and it survives replica restarts; Redis' AOF makes it survive Redis restarts.
 *
 * <p>An {@code INCR} unanswered after {@code REDIS_TIMEOUT} ({@code quarkus.redis.timeout}) fails
 * as an outage (503): the Vert.x Redis client has no command timeout of its own, so without this a
 * hung Redis held every request until the edge gave up. The connection it was sent on is closed
 * ({@link EventLoopRedis}); whether Redis had already applied that increment depends on whether it
 * had read it: a visit answered 503 may or may not count, one answered 200 always did.
 *
 * <p>The {@code INCR} goes through the client of the event loop serving the request ({@link
 * EventLoopRedis}).
 */
@Singleton
class Counter {
  static final String KEY = "hits";

  /**
   * Where a replica's own warm-up visits go (ADR 0140): the same {@code INCR} on the same
   * connection, so the warm-up compiles the visit's path, but never in the visits' count.
   */
  static final String WARM_UP_KEY = "hits:warm-up";

  private final io.micrometer.core.instrument.Counter served;
  private final Duration timeout;
  private final EventLoopRedis loops;

  Counter(
      EventLoopRedis loops,
      MeterRegistry registry,
      @ConfigProperty(name = "quarkus.redis.timeout") Duration timeout) {
    this.loops = loops;
    this.timeout = timeout;
    this.served =
        io.micrometer.core.instrument.Counter.builder("counter_hits_served")
            .description("Increments this replica made to the shared count")
            .register(registry);
  }

  /** Counts one more visit and returns the new total. */
  Future<Long> increment() {
    return loops
        .incr(KEY, timeout)
        .andThen(done -> {
          if (done.succeeded()) {
            served.increment();
          }
        });
  }

  /** Counts one more of this replica's warm-up visits ({@link #WARM_UP_KEY}), not in the metric. */
  Future<Long> warmUp() {
    return loops.incr(WARM_UP_KEY, timeout);
  }
}
