package dev.day2.wrpi.updater;

import dev.day2.redis.RedisFailures;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Calculates and stores readings, once or every N seconds until the JVM is asked to stop. */
@Singleton
class Updater {
  private static final Logger LOG = Logger.getLogger(Updater.class);

  private final WrpiStore store;
  private final Pushgateway pushgateway;
  private final Clock clock;
  private final String db;
  private final CountDownLatch stop = new CountDownLatch(1);

  Updater(
      WrpiStore store,
      Pushgateway pushgateway,
      Clock clock,
      @ConfigProperty(name = "REDIS_DB") String db) {
    this.store = store;
    this.pushgateway = pushgateway;
    this.clock = clock;
    this.db = db;
  }

  /**
   * One round: logs one line either way, pushes the outcome to the Pushgateway when there is one,
   * and says whether the reading was stored.
   */
  boolean updateOnce() {
    long started = System.nanoTime();
    boolean stored = store();
    pushgateway.push(
        new RunOutcome(stored, clock.instant(), Duration.ofNanos(System.nanoTime() - started)));
    return stored;
  }

  private boolean store() {
    Wrpi reading = Wrpi.calculate(ThreadLocalRandom.current(), clock);
    try {
      store.save(reading);
      LOG.infof(
          "stored %s=%s %s=%s in redis db %s",
          Wrpi.LATEST_KEY, reading.value(), Wrpi.TIMESTAMP_KEY, reading.timestamp(), db);
      return true;
    } catch (RuntimeException e) {
      LOG.error("wrpi-updater: could not store the WRPI: " + reason(e));
      return false;
    }
  }

  /** Runs a round now and then every {@code seconds} until SIGTERM/SIGINT. */
  void loop(int seconds) {
    Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "wrpi-updater-stop"));
    LOG.infof("updating every %d s until stopped", seconds);
    do {
      updateOnce();
    } while (!awaitStop(seconds));
    LOG.info("stopped");
  }

  private boolean awaitStop(int seconds) {
    try {
      return stop.await(seconds, TimeUnit.SECONDS); // the schedule, not a wait for readiness
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  private static String reason(RuntimeException e) {
    String described = RedisFailures.describe(e);
    String upper = described.toUpperCase(java.util.Locale.ROOT);
    if (upper.contains("WRONGPASS") || upper.contains("NOAUTH") || upper.contains("AUTH")) {
      return "Redis refused the credentials (check REDIS_PASS): " + described;
    }
    return RedisFailures.isOutage(e) ? "Redis is unreachable: " + described : described;
  }
}
