package dev.day2.counter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.day2.redis.RedisFailures;
import dev.day2.redis.testing.InjectRedisServer;
import dev.day2.redis.testing.RedisServer;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each event loop talks to Redis over one held, pipelined connection of its own (ADR 0120), against
 * a real redis-server: the client is picked by the caller's event loop; the visits in flight on a
 * loop share its one connection, where Quarkus' pooled client would spread them over several and
 * hand them to another loop; a lost connection, or one that stops answering, is replaced, and so is
 * a connect that stalls; a hung Redis answers as an outage. The application reaches Redis through a
 * {@link StallingProxy}, which forwards everything until a test has it stall.
 */
@QuarkusTest
@WithTestResource(StallingRedisResource.class)
class EventLoopRedisTest {
  @InjectRedisServer RedisServer redis;
  @Inject EventLoopRedis eventLoopRedis;
  @Inject Redis quarkusClient;
  @Inject Vertx vertx;

  @BeforeEach
  void freshRedisAndAConnectionOnEveryLoop() throws Exception {
    redis.start();
    StallingRedisResource.proxy().forwardNewConnections();
    redis.call("FLUSHALL");
    for (EventLoop loop : loops()) {
      reconnect(loop); // a connection an earlier test closed is replaced before this one starts
    }
    redis.call("FLUSHALL");
  }

  @Test
  void everyEventLoopHasItsOwnClientAndEveryContextOnItGetsThatOne() throws Exception {
    Set<Redis> clients = new HashSet<>();
    for (EventLoop loop : loops()) {
      ContextInternal context = contextOn(loop);
      CompletableFuture<List<Redis>> picked = new CompletableFuture<>();
      context.runOnContext(ignored ->
          picked.complete(
              List.of(
                  eventLoopRedis.clientFor(Vertx.currentContext()),
                  eventLoopRedis.clientFor(contextOn(loop)),
                  eventLoopRedis.clientFor(context.duplicate())))); // a request's context
      List<Redis> onLoop = picked.get(10, TimeUnit.SECONDS);
      assertThat(onLoop).doesNotContainNull().containsOnly(onLoop.get(0));
      assertThat(onLoop.get(0)).isNotSameAs(quarkusClient);
      clients.add(onLoop.get(0));
    }
    assertThat(clients).hasSize(loops().size());
  }

  @Test
  void offAnEventLoopCallersGetQuarkusClient() {
    assertThat(eventLoopRedis.clientFor(null)).isSameAs(quarkusClient);
    assertThat(eventLoopRedis.clientFor(((VertxInternal) vertx).createWorkerContext()))
        .isSameAs(quarkusClient);
    assertThat(eventLoopRedis.clientFor(contextOn(loops().get(0))))
        .as("a loop's context, from another thread")
        .isSameAs(quarkusClient);
  }

  @Test
  void theVisitsOnAnEventLoopShareOneConnection() throws Exception {
    List<EventLoop> loops = loops();
    int perLoop = 50;
    for (EventLoop loop : loops) {
      List<Long> seen = incrementsInFlight(loop, perLoop);
      assertThat(seen).hasSize(perLoop).doesNotHaveDuplicates();
    }
    assertThat(redis.call("GET", Counter.KEY)).hasToString("" + perLoop * loops.size());
    String clientList = redis.call("CLIENT", "LIST").toString();
    long incrConnections = clientList.lines().filter(line -> line.contains(" cmd=incr ")).count();
    assertThat(incrConnections)
        .as("connections whose last command was INCR, one per event loop:\n%s", clientList)
        .isEqualTo(loops.size());
  }

  @Test
  void aLostConnectionIsReplacedByTheNextVisit() throws Exception {
    EventLoop loop = loops().get(0);
    incrementsInFlight(loop, 1);
    redis.call("CLIENT", "KILL", "TYPE", "normal");
    // A visit that meets the closed connection before its close is seen fails as an outage (503);
    // the next one opens a new connection.
    assertThat(reconnect(loop)).as("visits that met the closed connection").isLessThanOrEqualTo(1);
    assertThat(redis.call("CLIENT", "LIST").toString()).contains(" cmd=incr ");
  }

  @Test
  void aConnectionThatStopsAnsweringIsReplacedAfterTheTimeout() throws Exception {
    EventLoop loop = loops().get(0);
    Set<String> before = incrConnectionIds();
    assertThat(before).as("one connection per loop").hasSize(loops().size());
    // Paused writes stand in for a connection that silently stopped answering: the INCRs go out
    // and nothing comes back.
    redis.call("CLIENT", "PAUSE", "20000", "WRITE");
    try {
      for (CompletableFuture<Long> visit : sendFrom(loop, 3, Duration.ofMillis(300))) {
        Throwable failure = visit.handle((v, e) -> e).get(10, TimeUnit.SECONDS);
        assertThat(failure).as("each visit fails").isNotNull();
        assertThat(RedisFailures.isOutage(failure)).as(failure.toString()).isTrue();
      }
    } finally {
      redis.call("CLIENT", "UNPAUSE");
    }
    assertThat(reconnect(loop)).as("the next visit opens a new connection at once").isZero();
    Set<String> after = incrConnectionIds();
    assertThat(after).as("the other loop's connection is kept").hasSize(loops().size());
    assertThat(before).as("this loop's connection was closed").hasSize(after.size());
    assertThat(after).containsAnyElementsOf(before).isNotEqualTo(before);
  }

  @Test
  void aVisitGoesOnOnItsRequestsContextHoweverItEnds() throws Exception {
    EventLoop loop = loops().get(0);
    assertThat(endsOnItsOwnContext(loop, Duration.ofSeconds(10))).as("a reply").isEqualTo("value");
    redis.call("CLIENT", "PAUSE", "20000", "WRITE");
    try {
      assertThat(endsOnItsOwnContext(loop, Duration.ofMillis(300)))
          .as("the timeout")
          .isEqualTo("failure");
    } finally {
      redis.call("CLIENT", "UNPAUSE");
    }
    assertThat(endsOnItsOwnContext(loop, Duration.ofSeconds(10)))
        .as("a reply after connecting")
        .isEqualTo("value");
    redis.stop();
    assertThat(endsOnItsOwnContext(loop, Duration.ofSeconds(10)))
        .as("a refused connection")
        .isEqualTo("failure");
  }

  /**
   * One INCR from a request's context on {@code loop} (a duplicate of the loop's, as Vert.x makes
   * for each request); how it ended, when it ended on that context (its log context, with the
   * request id).
   */
  private String endsOnItsOwnContext(EventLoop loop, Duration timeout) throws Exception {
    CompletableFuture<String> ended = new CompletableFuture<>();
    ContextInternal request = contextOn(loop).duplicate();
    request.runOnContext(ignored ->
        eventLoopRedis
            .incr(Counter.KEY, timeout)
            .onComplete(done -> {
              if (Vertx.currentContext() != request) {
                ended.complete("on another context: " + Vertx.currentContext());
              } else {
                ended.complete(done.succeeded() ? "value" : "failure");
              }
            }));
    return ended.get(10, TimeUnit.SECONDS);
  }

  @Test
  void aConnectThatStallsIsGivenUpAfterTheTimeout() throws Exception {
    EventLoop loop = loops().get(0);
    StallingRedisResource.proxy().stallNewConnections();
    redis.call("CLIENT", "KILL", "TYPE", "normal");
    // The loop's next connect is accepted and never answered: each visit waiting for it fails as
    // an outage after its timeout, and gives that attempt up.
    for (int i = 0; i < 3; i++) {
      CompletableFuture<Long> visit = sendFrom(loop, 1, Duration.ofMillis(300)).get(0);
      Throwable failure = visit.handle((v, e) -> e).get(10, TimeUnit.SECONDS);
      assertThat(failure).as("each visit fails").isNotNull();
      assertThat(RedisFailures.isOutage(failure)).as(failure.toString()).isTrue();
    }
    StallingRedisResource.proxy().forwardNewConnections();
    // The stalled attempts are still pending (the proxy keeps them open): the next visit must not
    // wait for one of them.
    CompletableFuture<Long> next = sendFrom(loop, 1, Duration.ofSeconds(60)).get(0);
    assertThat(next.get(10, TimeUnit.SECONDS)).as("the next visit connects anew").isPositive();
  }

  /** The ids of Redis' clients whose last command was INCR: one per event loop's connection. */
  private Set<String> incrConnectionIds() {
    Set<String> ids = new HashSet<>();
    redis
        .call("CLIENT", "LIST")
        .toString()
        .lines()
        .filter(line -> line.contains(" cmd=incr "))
        .forEach(line -> ids.add(line.substring(0, line.indexOf(' '))));
    return ids;
  }

  @Test
  void aHungRedisFillsTheConnectionsQueueAndTheVisitBeyondItIsAnOutage() throws Exception {
    EventLoop loop = loops().get(0);
    incrementsInFlight(loop, 1); // the loop's connection is open
    int queue = new RedisOptions().getMaxWaitingHandlers(); // quarkus.redis.max-waiting-handlers
    redis.call("CLIENT", "PAUSE", "20000", "WRITE");
    List<CompletableFuture<Long>> visits = List.of();
    try {
      visits = sendFrom(loop, queue + 1);
      assertThat(visits.subList(0, queue)).noneMatch(CompletableFuture::isDone);
      assertThat(visits.get(queue))
          .as("the visit beyond the queue fails at once")
          .isCompletedExceptionally();
      Throwable beyond = visits.get(queue).handle((v, e) -> e).get();
      assertThat(RedisFailures.isOutage(beyond)).as(beyond.toString()).isTrue();
    } finally {
      redis.call("CLIENT", "UNPAUSE");
    }
    for (CompletableFuture<Long> visit : visits.subList(0, queue)) {
      assertThat(visit.get(10, TimeUnit.SECONDS)).isPositive();
    }
    assertThat(redis.call("GET", Counter.KEY)).hasToString("" + (queue + 1));
  }

  /**
   * Increments from {@code loop} until one succeeds, within 10 s, every failure an outage; the
   * number of failed visits.
   */
  private int reconnect(EventLoop loop) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    int failed = 0;
    while (true) {
      try {
        incrementsInFlight(loop, 1);
        return failed;
      } catch (ExecutionException e) {
        assertThat(RedisFailures.isOutage(e.getCause())).as(e.toString()).isTrue();
        failed++;
        assertThat(System.nanoTime()).as("a new connection within 10 s").isLessThan(deadline);
      }
    }
  }

  /** {@code count} INCRs sent together from {@code loop}, awaited; their replies. */
  private List<Long> incrementsInFlight(EventLoop loop, int count) throws Exception {
    List<Long> replies = new ArrayList<>();
    for (CompletableFuture<Long> visit : sendFrom(loop, count)) {
      replies.add(visit.get(10, TimeUnit.SECONDS));
    }
    return replies;
  }

  /** Sends {@code count} INCRs in one go from a task on {@code loop}; their pending replies. */
  private List<CompletableFuture<Long>> sendFrom(EventLoop loop, int count) throws Exception {
    return sendFrom(loop, count, Duration.ofSeconds(60)); // longer than any test waits
  }

  /** The same, each INCR bounded by {@code timeout}. */
  private List<CompletableFuture<Long>> sendFrom(EventLoop loop, int count, Duration timeout)
      throws Exception {
    List<CompletableFuture<Long>> visits = new ArrayList<>();
    CompletableFuture<Void> sent = new CompletableFuture<>();
    contextOn(loop)
        .runOnContext(ignored -> {
          for (int i = 0; i < count; i++) {
            CompletableFuture<Long> visit = new CompletableFuture<>();
            eventLoopRedis
                .incr(Counter.KEY, timeout)
                .onComplete(done -> {
                  if (done.succeeded()) {
                    visit.complete(done.result());
                  } else {
                    visit.completeExceptionally(done.cause());
                  }
                });
            visits.add(visit);
          }
          sent.complete(null);
        });
    sent.get(10, TimeUnit.SECONDS);
    return visits;
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
