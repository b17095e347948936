package dev.day2.counter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.day2.redis.testing.InjectRedisServer;
import dev.day2.redis.testing.RedisServer;
import dev.day2.redis.testing.RedisServerResource;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each event loop talks to Redis over its own pool (ADR 0120), against a real redis-server: the
 * client is picked by the caller's event loop, and commands from different loops arrive on
 * different connections, where Quarkus' single client would reuse one.
 */
@QuarkusTest
@WithTestResource(RedisServerResource.class)
class EventLoopRedisTest {
  @InjectRedisServer RedisServer redis;
  @Inject EventLoopRedis eventLoopRedis;
  @Inject Redis quarkusClient;
  @Inject Vertx vertx;

  @BeforeEach
  void freshRedis() {
    redis.start();
    redis.call("FLUSHALL");
  }

  @Test
  void everyEventLoopHasItsOwnClientAndEveryContextOnItGetsThatOne() {
    Set<Redis> clients = new HashSet<>();
    for (EventLoop loop : loops()) {
      ContextInternal context = contextOn(loop);
      Redis client = eventLoopRedis.clientFor(context);
      assertThat(eventLoopRedis.clientFor(contextOn(loop))).isSameAs(client);
      assertThat(eventLoopRedis.clientFor(context.duplicate()))
          .as("a request's duplicated context")
          .isSameAs(client);
      assertThat(client).isNotSameAs(quarkusClient);
      clients.add(client);
    }
    assertThat(clients).hasSize(loops().size());
  }

  @Test
  void offAnEventLoopCallersGetQuarkusClient() {
    assertThat(eventLoopRedis.clientFor(null)).isSameAs(quarkusClient);
    assertThat(eventLoopRedis.clientFor(((VertxInternal) vertx).createWorkerContext()))
        .isSameAs(quarkusClient);
  }

  @Test
  void eachEventLoopIncrementsOverItsOwnConnection() throws Exception {
    redis.call("CLIENT", "KILL", "TYPE", "normal"); // every pool reconnects on its next command
    List<EventLoop> loops = loops();
    for (EventLoop loop : loops) {
      CompletableFuture<Long> seen = new CompletableFuture<>();
      contextOn(loop)
          .runOnContext(ignored ->
              eventLoopRedis
                  .incr(Counter.KEY)
                  .subscribe()
                  .with(seen::complete, seen::completeExceptionally));
      seen.get(10, TimeUnit.SECONDS);
    }
    assertThat(redis.call("GET", Counter.KEY)).hasToString("" + loops.size());
    String clientList = redis.call("CLIENT", "LIST").toString();
    long incrConnections = clientList.lines().filter(line -> line.contains(" cmd=incr ")).count();
    assertThat(incrConnections)
        .as("connections whose last command was INCR, one per event loop:\n%s", clientList)
        .isEqualTo(loops.size());
  }

  private List<EventLoop> loops() {
    List<EventLoop> loops = new ArrayList<>();
    for (EventExecutor executor : ((VertxInternal) vertx).getEventLoopGroup()) {
      loops.add((EventLoop) executor);
    }
    assertThat(loops).as("this test needs two event loops or more").hasSizeGreaterThan(1);
    return loops;
  }

  private ContextInternal contextOn(EventLoop loop) {
    VertxInternal internal = (VertxInternal) vertx;
    return internal.createEventLoopContext(
        loop, internal.getWorkerPool(), Thread.currentThread().getContextClassLoader());
  }
}
