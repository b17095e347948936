package dev.day2.counter;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.quarkus.redis.client.RedisOptionsCustomizer;
import io.quarkus.redis.runtime.client.config.RedisConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.redis.client.RedisOptions;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One Redis client, with its own connection pool, per Vert.x event loop, so an {@code INCR} is
 * written and answered on the event loop that serves the HTTP request (ADR 0120).
 *
 * <p>Vert.x 4.5's Redis client keeps its whole pool on the one event loop that was current when the
 * client was made: a request served by any other event loop hands its command to that loop and gets
 * the reply handed back, two cross-thread wake-ups per visit. Measured with {@code wrk -t2 -c32}
 * against the packaged jar: 41 k req/s and 26 µs of JVM CPU per visit with Quarkus' one client, 57
 * k req/s and 20 µs with a client per event loop.
 *
 * <p>The clients are made from the options Quarkus built for its default client from {@code
 * quarkus.redis.*} (hosts, password, TLS, timeouts), taken as a {@link RedisOptionsCustomizer}, so
 * the settings have one source. {@code REDIS_POOL_SIZE} is per client: a replica opens up to that
 * many connections per event loop that serves requests, plus Quarkus' client (the {@code
 * counter_value} gauge, the readiness check), which callers off an event loop also get.
 */
@Singleton
class EventLoopRedis implements RedisOptionsCustomizer {
  private volatile RedisOptions options;
  private volatile Map<EventLoop, Redis> perLoop = Map.of();
  private volatile Redis fallback;

  @Override
  public void customize(String clientName, RedisOptions options) {
    if (RedisConfig.DEFAULT_CLIENT_NAME.equals(clientName)) {
      this.options = new RedisOptions(options);
    }
  }

  /**
   * Makes a client on each event loop: the client's pool takes the context it is created on, so
   * each is created by a task running on its own loop. No connection is opened here; a pool
   * connects on its first command.
   */
  void start(@Observes StartupEvent start, Vertx vertx, Redis quarkusClient)
      throws InterruptedException {
    // Injecting Quarkus' client has made it, so its options have passed through customize().
    if (options == null) {
      throw new IllegalStateException("counter: Quarkus made no default Redis client to copy");
    }
    fallback = quarkusClient;
    VertxInternal internal = (VertxInternal) vertx;
    Map<EventLoop, Redis> made = new HashMap<>();
    int loops = 0;
    for (EventExecutor ignored : internal.getEventLoopGroup()) {
      loops++;
    }
    CountDownLatch done = new CountDownLatch(loops);
    ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
    for (EventExecutor executor : internal.getEventLoopGroup()) {
      EventLoop loop = (EventLoop) executor;
      internal
          .createEventLoopContext(loop, internal.getWorkerPool(), classLoader)
          .runOnContext(ignored -> {
            Redis client =
                Redis.newInstance(
                    io.vertx.redis.client.Redis.createClient(vertx, new RedisOptions(options)));
            synchronized (made) {
              made.put(loop, client);
            }
            done.countDown();
          });
    }
    if (!done.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("counter: the event loops did not make their Redis clients");
    }
    synchronized (made) {
      perLoop = Map.copyOf(made);
    }
  }

  void stop(@Observes ShutdownEvent stop) {
    perLoop.values().forEach(Redis::close);
  }

  /** The client whose pool lives on {@code context}'s event loop; Quarkus' client off a loop. */
  Redis clientFor(Context context) {
    if (context instanceof ContextInternal internal && context.isEventLoopContext()) {
      return perLoop.getOrDefault(internal.nettyEventLoop(), fallback);
    }
    return fallback;
  }

  /** {@code INCR key} on the calling event loop's client; the new value. */
  Uni<Long> incr(String key) {
    return clientFor(Vertx.currentContext())
        .send(Request.cmd(Command.INCR).arg(key))
        .map(reply -> reply.toLong());
  }
}
