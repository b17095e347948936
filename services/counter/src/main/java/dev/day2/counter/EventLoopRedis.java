package dev.day2.counter;

import dev.day2.redis.RedisFailures;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.quarkus.redis.client.RedisOptionsCustomizer;
import io.quarkus.redis.runtime.client.config.RedisConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.impl.PooledRedisConnection;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One Redis connection per Vert.x event loop, held and pipelined: an {@code INCR} is written and
 * answered on the event loop that serves the HTTP request, and the visits in flight on a loop share
 * its connection (ADR 0120).
 *
 * <p>Vert.x 4.5's Redis client keeps its whole pool on the one event loop that was current when the
 * client was made: a request served by any other event loop hands its command to that loop and gets
 * the reply handed back, two cross-thread wake-ups per visit; and a pooled connection carries one
 * command at a time, so Redis and this process wake up once per visit. Measured with {@code wrk -t2
 * -c32} against the packaged jar (JVM CPU per visit): Quarkus' one client 40–41 k req/s, 26–27 µs;
 * a pooled client per event loop 53–55 k, 21–22 µs; a held, pipelined connection per event loop
 * 62–65 k, 18–18.5 µs, and Redis 6.2–6.5 µs per {@code INCR} instead of 7.6–7.9.
 *
 * <p>Each loop's connection comes from a client made on that loop from the options Quarkus built
 * for its default client from {@code quarkus.redis.*} (hosts, password, TLS, timeouts), taken as a
 * {@link RedisOptionsCustomizer}, so the settings have one source. It is opened by the first visit
 * on the loop, dropped when it fails, closes or leaves a command unanswered past {@code
 * REDIS_TIMEOUT}, and opened again by the next visit: a Redis restart answers 503 to the visits in
 * flight, as the pool did. Callers off an event loop (the {@code counter_value} gauge) and the
 * readiness check use Quarkus' client and its pool ({@code REDIS_POOL_SIZE}).
 */
@Singleton
class EventLoopRedis implements RedisOptionsCustomizer {
  private volatile RedisOptions options;
  private volatile Map<EventLoop, LoopConnection> perLoop = Map.of();
  private volatile Redis fallback;

  @Override
  public void customize(String clientName, RedisOptions options) {
    if (RedisConfig.DEFAULT_CLIENT_NAME.equals(clientName)) {
      this.options = new RedisOptions(options);
    }
  }

  /**
   * Makes a client on each event loop: a client's pool takes the context it is created on, so each
   * is created by a task running on its own loop. No connection is opened here: the first visit on
   * a loop opens its connection.
   */
  void start(@Observes StartupEvent start, Vertx vertx, Redis quarkusClient)
      throws InterruptedException {
    // Injecting Quarkus' client has made it, so its options have passed through customize().
    if (options == null) {
      throw new IllegalStateException("counter: Quarkus made no default Redis client to copy");
    }
    fallback = quarkusClient;
    VertxInternal internal = (VertxInternal) vertx;
    Map<EventLoop, LoopConnection> made = new HashMap<>();
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
              made.put(loop, new LoopConnection(client, loop));
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
    perLoop.values().forEach(loop -> loop.client.close());
  }

  /**
   * The client made on {@code context}'s event loop when the caller runs on that loop; Quarkus'
   * client otherwise (no context, a worker, or a worker thread that carries a loop's context).
   */
  Redis clientFor(Context context) {
    LoopConnection loop = loopOf(context);
    return loop == null ? fallback : loop.client;
  }

  private LoopConnection loopOf(Context context) {
    if (context instanceof ContextInternal internal
        && context.isEventLoopContext()
        && internal.nettyEventLoop().inEventLoop()) {
      return perLoop.get(internal.nettyEventLoop());
    }
    return null;
  }

  /**
   * {@code INCR key} on the calling event loop's connection; the new value. Unanswered after {@code
   * timeout}, it fails as an outage ({@link RedisFailures#noReply}) and, on a loop's connection,
   * that connection is dropped: see {@link LoopConnection#send}. A failure that is an outage comes
   * as a {@link dev.day2.redis.RedisUnavailableException} ({@link RedisFailures#translate}).
   *
   * <p>Vert.x futures, not Mutiny: this is counter's hot path, and the {@code Uni} around each
   * visit (its subscription, the timeout operator, context propagation) cost ~1.3 µs of its ~15 µs
   * of JVM CPU per visit (measured, ADR 0120).
   */
  Future<Long> incr(String key, Duration timeout) {
    io.vertx.redis.client.Request incr =
        io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.INCR).arg(key);
    Context caller = Vertx.currentContext();
    LoopConnection loop = loopOf(caller);
    if (loop == null) {
      return Future.fromCompletionStage(
          RedisFailures.within(fallback.send(Request.newInstance(incr)), timeout)
              .map(Response::toLong)
              .onFailure()
              .transform(RedisFailures::translate)
              .subscribeAsCompletionStage());
    }
    // Completed on the caller's context whichever way it ends (a reply, the connect attempt it
    // waited for, the timer): the visit goes on where its request's log context (request id) is.
    Promise<Long> value = ((ContextInternal) caller).promise();
    loop.send(incr, timeout, value);
    return value.future();
  }

  /**
   * A loop's connection. Only its event loop's thread touches it ({@code loopOf} checks), so it
   * needs no locking.
   */
  private static final class LoopConnection {
    private final Redis client;
    private final EventLoop loop;
    private io.vertx.redis.client.RedisConnection connection;
    private Future<io.vertx.redis.client.RedisConnection> connecting;

    LoopConnection(Redis client, EventLoop loop) {
      this.client = client;
      this.loop = loop;
    }

    /**
     * Sends {@code request} on the loop's connection and completes {@code value} with its reply as
     * a number. If no reply has come after {@code timeout} (connecting included), the visit fails
     * as an outage and the connection it was sent on is dropped, its other unanswered commands
     * failing with it: a connection that silently stopped answering (a flow a NAT or firewall
     * forgot, with no reset) would otherwise hold the loop's visits until TCP gave up, minutes
     * later, while every other loop's worked. The timer runs on the loop itself, so the drop needs
     * no locking. A Redis that is only slow costs a reconnect per loop per timeout.
     */
    void send(io.vertx.redis.client.Request request, Duration timeout, Promise<Long> value) {
      Visit visit = new Visit(value, timeout);
      visit.timer = loop.schedule(visit, timeout.toNanos(), TimeUnit.NANOSECONDS);
      io.vertx.redis.client.RedisConnection open = connection;
      if (open != null) {
        visit.sendOn(open, request);
      } else {
        visit.waitingFor = connection();
        visit.waitingFor.onComplete(connected -> {
          if (connected.failed()) {
            visit.failed(connected.cause());
          } else if (connection != null) { // this attempt's connection, or a later attempt's
            visit.sendOn(connection, request);
          } else {
            visit.failed(RedisFailures.noReply(timeout)); // dropped already
          }
        });
      }
    }

    /**
     * One {@code INCR} in flight: completes its visit with the first of the reply, a failure or the
     * timeout, and on the timeout abandons the connection it was sent on.
     */
    private final class Visit implements Runnable {
      private final Promise<Long> value;
      private final Duration timeout;
      private ScheduledFuture<?> timer;
      private Future<io.vertx.redis.client.RedisConnection> waitingFor;
      private io.vertx.redis.client.RedisConnection sentOn;

      Visit(Promise<Long> value, Duration timeout) {
        this.value = value;
        this.timeout = timeout;
      }

      void sendOn(io.vertx.redis.client.RedisConnection open, io.vertx.redis.client.Request r) {
        if (value.future().isComplete()) {
          return; // timed out while connecting
        }
        sentOn = open;
        open.send(r)
            .onComplete(reply -> {
              if (reply.succeeded()) {
                timer.cancel(false);
                value.tryComplete(reply.result().toLong());
              } else {
                failed(reply.cause());
              }
            });
      }

      void failed(Throwable cause) {
        timer.cancel(false);
        value.tryFail(RedisFailures.translate(cause));
      }

      /** The timeout: fails the visit and abandons its connection, or its connect attempt. */
      @Override
      public void run() {
        if (!value.tryFail(RedisFailures.noReply(timeout))) {
          return;
        }
        if (sentOn != null) {
          abandon(sentOn);
        } else if (connecting == waitingFor) {
          connecting = null; // stalled: the next visit starts another attempt, see connection()
        }
      }
    }

    /**
     * Closes {@code stalled}'s socket. Not {@code close()}: a connection leased from the client's
     * pool goes back to the pool on close, and the next {@code connect()} would lease the same
     * stalled one again. Closing the socket evicts it from the pool and fails its unanswered
     * commands (outages), and its end handler forgets it ({@link #drop}).
     */
    private void abandon(io.vertx.redis.client.RedisConnection stalled) {
      if (connection != stalled) {
        return; // already dropped, by its own failure or an earlier timeout
      }
      connection = null;
      if (stalled instanceof PooledRedisConnection pooled) {
        pooled.actual().forceClose();
      } else {
        stalled.close();
      }
    }

    /**
     * The attempt to connect that the visits arriving while it connects share. One still pending
     * when a visit waiting for it times out is given up: a connect or handshake that stalled would
     * otherwise hold every later visit on this loop until TCP gave up, a minute or more. The next
     * visit starts another. A given-up attempt that connects after all is kept if the loop has no
     * connection by then, and handed back to the pool otherwise; one that never does holds a slot
     * of the client's pool ({@code REDIS_POOL_SIZE}) until TCP fails it.
     */
    private Future<io.vertx.redis.client.RedisConnection> connection() {
      if (connecting == null) {
        Future<io.vertx.redis.client.RedisConnection> attempt = client.getDelegate().connect();
        connecting = attempt;
        attempt.onComplete(connected -> {
          if (connecting == attempt) {
            connecting = null;
          }
          if (connected.succeeded()) {
            io.vertx.redis.client.RedisConnection c = connected.result();
            if (connection == null) {
              connection = c;
              c.exceptionHandler(e -> drop(c));
              c.endHandler(ignored -> drop(c));
            } else {
              c.close();
            }
          }
        });
      }
      return connecting;
    }

    /**
     * The connection failed or closed: forget it, so the next visit opens another. Its unanswered
     * commands have already failed with it.
     */
    private void drop(io.vertx.redis.client.RedisConnection failed) {
      if (connection == failed) {
        connection = null;
        failed.close();
      }
    }
  }
}
