package dev.day2.common;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.vertx.http.HttpServer;
import io.quarkus.vertx.http.HttpServerStart;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * A replica warms its own hot path before it reports ready (ADR 0140): for {@code WARM_UP} (2 s by
 * default) after the HTTP server listens, a few loopback connections send the service's {@link
 * WarmUpRequests} to itself as fast as it answers; then it waits, at most a second, for the JIT
 * compiler to finish what that queued; only then does the {@code warm-up} readiness check go UP.
 * Measured (bench/README.md): a replica that reported ready at once served its first 5 s at about
 * half its steady rate with a p99 of 16-45 ms, the requests landing on code the JIT had not yet
 * compiled; a warmed one serves them at its steady rate.
 *
 * <p>The warm-up requests carry {@link #HEADER} with a random value this process alone knows, and
 * are left out of what the replica reports: no access-log line, no HTTP metric (a burst of slow
 * requests at every start would move the request rate and p99 the alerts read), and counter counts
 * them under a key of their own. A request from outside with the header is an ordinary request.
 *
 * <p>The warm-up never keeps a replica unready: whatever fails (a refused connection, a store that
 * answers errors) ends it, with a line in the log, and the replica reports ready as before.
 */
@Singleton
public class WarmUp {
  /** The header that marks a warm-up request; its value is {@link #token}. */
  public static final String HEADER = "X-Day2-Warm-Up";

  /** Connections sending at once: enough to load the event loops (measured with wrk -c4). */
  static final int CONNECTIONS = 4;

  /** The most a warm-up may be set to: past that, a replica is slow to start, not warm. */
  static final Duration LONGEST = Duration.ofSeconds(30);

  /** The longest wait after the load for the JIT compiler's queue to drain. */
  static final Duration SETTLE = Duration.ofSeconds(1);

  private static final Logger LOG = Logger.getLogger(WarmUp.class);

  /** Where a warm-up is. */
  enum Phase {
    /** Configured; waiting for the HTTP server. */
    WAITING,
    /** Sending requests, or waiting for the compiler. */
    RUNNING,
    /** Finished, failed or off: the replica may report ready. */
    DONE
  }

  private final Duration duration;
  private final List<WarmUpRequests.Request> requests;
  private final String token;
  private volatile Phase phase;
  private volatile boolean sending;
  private volatile String outcome;
  private final AtomicBoolean started = new AtomicBoolean();

  @Inject
  WarmUp(@ConfigProperty(name = "day2.warm-up") String setting, Instance<WarmUpRequests> declared) {
    this(parse(setting), declared.isResolvable() ? declared.get().requests() : List.of());
  }

  WarmUp(Duration duration, List<WarmUpRequests.Request> requests) {
    this.duration = duration;
    this.requests = List.copyOf(requests);
    byte[] random = new byte[16];
    new SecureRandom().nextBytes(random);
    this.token = HexFormat.of().formatHex(random);
    boolean on = !duration.isZero() && !requests.isEmpty();
    this.phase = on ? Phase.WAITING : Phase.DONE;
    this.outcome = duration.isZero() ? "off (WARM_UP=0)" : on ? "waiting" : "nothing to warm up";
  }

  /**
   * {@code WARM_UP}: a duration from 0 (off) to {@link #LONGEST}; anything else stops the start.
   */
  static Duration parse(String setting) {
    Duration duration;
    try {
      duration = DurationConverter.parseDuration(setting.strip());
    } catch (IllegalArgumentException e) {
      duration = null;
    }
    if (duration == null || duration.isNegative() || duration.compareTo(LONGEST) > 0) {
      // no cause: with one, Quarkus prints the whole stack trace instead of the message
      throw new ConfigurationException(
          "WARM_UP must be a duration from 0 (no warm-up) to 30s such as 2s, got \""
              + setting
              + "\"");
    }
    return duration;
  }

  /** Starts the warm-up once the HTTP server listens (Quarkus fires this after it bound). */
  void start(
      @ObservesAsync HttpServerStart event,
      Instance<HttpServer> server,
      @ConfigProperty(name = "quarkus.http.host") String host) {
    if (phase != Phase.WAITING || !started.compareAndSet(false, true)) {
      return; // off, or already started: the event comes once per server verticle
    }
    try {
      InetSocketAddress address = new InetSocketAddress(loopbackFor(host), server.get().getPort());
      Thread.ofPlatform().name("warm-up").daemon().start(() -> run(address));
    } catch (RuntimeException e) { // no port, no thread: report ready cold rather than never
      outcome = "failed: " + e;
      phase = Phase.DONE;
      LOG.warnf("warm-up not started, reporting ready cold: %s", e.toString());
    }
  }

  /** The address to reach a server bound to {@code host}: loopback for a wildcard. */
  static String loopbackFor(String host) {
    return host.isBlank() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")
        ? "127.0.0.1"
        : host;
  }

  /** Whether {@code request} is one of this replica's own warm-up requests. */
  public boolean isWarmUp(HttpServerRequest request) {
    return sending && token.equals(request.getHeader(HEADER));
  }

  /** Whether the replica may report ready: the warm-up finished, failed or is off. */
  public boolean done() {
    return phase == Phase.DONE;
  }

  /** What the warm-up did or is doing, for the readiness check's data. */
  public String outcome() {
    return outcome;
  }

  /** Sends the warm-up to {@code server}, then waits for the compiler; never throws. */
  void run(InetSocketAddress server) {
    phase = Phase.RUNNING;
    outcome = "running";
    long start = System.nanoTime();
    try {
      Load load = send(server, start + duration.toNanos());
      long sent = System.nanoTime();
      long settled = settle();
      outcome =
          String.format(
              "%d requests in %d ms (%d not 2xx), then %d ms for the compiler",
              load.answered.sum(),
              TimeUnit.NANOSECONDS.toMillis(sent - start),
              load.failed.sum(),
              settled);
      if (load.error.get() != null || load.answered.sum() == load.failed.sum()) {
        LOG.warnf(
            "warm-up: %s; the hot path may be cold: %s",
            outcome, load.error.get() == null ? "no request succeeded" : load.error.get());
      } else {
        LOG.infof("warm-up: %s", outcome);
      }
    } catch (RuntimeException | InterruptedException e) {
      outcome = "failed: " + e;
      LOG.warnf("warm-up failed, reporting ready cold: %s", e.toString());
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    } finally {
      sending = false;
      phase = Phase.DONE;
    }
  }

  /** What the connections did. */
  private static final class Load {
    final LongAdder answered = new LongAdder();
    final LongAdder failed = new LongAdder();
    final AtomicReference<String> error = new AtomicReference<>();
  }

  private Load send(InetSocketAddress server, long deadline) throws InterruptedException {
    String host = server.getHostString() + ":" + server.getPort();
    List<byte[]> encoded = WarmUpClient.encodeAll(requests, host, token);
    Load load = new Load();
    sending = true;
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < CONNECTIONS; c++) {
      int first = c;
      threads.add(
          Thread.ofPlatform()
              .name("warm-up-" + c)
              .daemon()
              .start(() -> connection(server, encoded, first, deadline, load)));
    }
    for (Thread thread : threads) {
      thread.join();
    }
    return load;
  }

  private static void connection(
      InetSocketAddress server, List<byte[]> encoded, int first, long deadline, Load load) {
    try (WarmUpClient client = new WarmUpClient(server)) {
      for (int i = first; System.nanoTime() < deadline; i++) {
        int status = client.exchange(encoded.get(i % encoded.size()));
        load.answered.increment();
        if (status < 200 || status > 299) {
          load.failed.increment();
        }
      }
    } catch (IOException | RuntimeException e) {
      load.error.compareAndSet(null, e.toString());
    }
  }

  /**
   * Waits until the JIT compiler has been idle for 100 ms (its total compilation time unchanged),
   * at most {@link #SETTLE}; returns the milliseconds waited.
   */
  private static long settle() throws InterruptedException {
    CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
    long start = System.nanoTime();
    long limit = start + SETTLE.toNanos();
    if (compiler == null || !compiler.isCompilationTimeMonitoringSupported()) {
      Thread.sleep(SETTLE.toMillis() / 2);
      return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
    long last = compiler.getTotalCompilationTime();
    int quiet = 0;
    while (quiet < 2 && System.nanoTime() < limit) {
      Thread.sleep(50);
      long now = compiler.getTotalCompilationTime();
      quiet = now == last ? quiet + 1 : 0;
      last = now;
    }
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }
}
