package dev.day2.preferences;

import dev.day2.preferences.PreferenceStore.Key;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads of one preference, batched (ADR 0122). A read joins a queue; one reader at a time takes up
 * to {@link #MAX_BATCH} queued reads and answers them with one statement. No read waits for a batch
 * to fill: the reader starts as soon as a read is queued, so a lone read is one statement as
 * before, and reads share a statement only when they arrive while the one before is running. Every
 * statement starts after each read it answers was queued, so a read sees every write answered
 * before it arrived (there is no cache: nothing stale).
 *
 * <p>The statement is run by a {@link Reader}: on Vert.x' reactive PostgreSQL client where the
 * service has one ({@link ReactiveReads}, ADR 0141: no thread to wake, the answer on an event
 * loop), on the JDBC pool and a virtual thread otherwise (the Lambda, which serves one request at a
 * time and keeps one pool). The next batch starts when the statement before has answered, from the
 * thread that answered it. {@link PreferenceReadRoute} brings each answer back to the request's
 * Vert.x context, where the response is written and log lines carry the request id ({@code
 * QueryTimeoutTest}). A read still queued {@code DB_QUERY_TIMEOUT} after it arrived (behind
 * statements the database did not answer) answers 503 without a statement of its own, so no read
 * waits longer than about twice that bound.
 *
 * <p>Made at start ({@link Startup}), so {@code preferences_read_batch_size} is published before
 * the first read and the dashboard's panel has series from the start.
 */
@Startup
@Singleton
class ReadBatcher {
  /** The most reads one statement answers. */
  static final int MAX_BATCH = 32;

  private static final String QUEUED_TOO_LONG =
      "queued for longer than DB_QUERY_TIMEOUT behind statements the database did not answer";

  /**
   * Runs one statement for a batch: the preferences stored under the keys (at most {@link
   * #MAX_BATCH}, each once), by key; a key with none is absent. Fails with {@link StoreUnavailable}
   * when the database does not answer within {@code DB_QUERY_TIMEOUT}.
   */
  @FunctionalInterface
  interface Reader {
    CompletionStage<Map<Key, Preference>> read(List<Key> keys);
  }

  private record Read(Key key, long queuedAt, CompletableFuture<Optional<Preference>> answer) {}

  private final Reader reader;
  private final long timeoutNanos;
  private final LongSupplier nanoTime;
  private final DistributionSummary batches;
  private final Queue<Read> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean reading = new AtomicBoolean();

  /**
   * On the reactive pool when the build made one (the Lambda's does not: {@code
   * quarkus.datasource.reactive=false} there), else on JDBC. The Lambda turns Micrometer off: there
   * the summary goes to a registry nobody reads.
   */
  @Inject
  ReadBatcher(
      PreferenceStore store,
      Instance<Pool> pool,
      Vertx vertx,
      @ConfigProperty(name = "preferences.query-timeout") Duration queryTimeout,
      Instance<MeterRegistry> registry) {
    this(
        pool.isResolvable() ? new ReactiveReads(pool.get(), vertx, queryTimeout) : onJdbc(store),
        queryTimeout,
        System::nanoTime,
        registry.isResolvable() ? registry.get() : new CompositeMeterRegistry());
  }

  ReadBatcher(Reader reader, Duration queryTimeout, LongSupplier nanoTime, MeterRegistry registry) {
    this.reader = reader;
    this.timeoutNanos = queryTimeout.toNanos();
    this.nanoTime = nanoTime;
    this.batches =
        DistributionSummary.builder("preferences_read_batch_size")
            .description("Reads of one preference answered by each statement")
            .register(registry);
  }

  /**
   * The JDBC reader: {@link PreferenceStore#findAll} on a virtual thread of its own per statement
   * (the statement blocks; its bound is the driver's query timeout).
   */
  static Reader onJdbc(PreferenceStore store) {
    ExecutorService threads =
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("preference-reader").factory());
    return keys -> CompletableFuture.supplyAsync(() -> store.findAll(keys), threads);
  }

  /** The preference, or empty when there is none; fails with {@link StoreUnavailable}. */
  CompletionStage<Optional<Preference>> find(String userId, String purpose) {
    Read read = new Read(new Key(userId, purpose), nanoTime.getAsLong(), new CompletableFuture<>());
    queue.add(read);
    startReading();
    return read.answer();
  }

  /** Reads queued and not yet taken by the reader. */
  int queued() {
    return queue.size();
  }

  /**
   * Starts the reader unless it runs. Every read is queued before this check and the reader checks
   * the queue again after it stops, so no read is left behind.
   */
  private void startReading() {
    if (!queue.isEmpty() && reading.compareAndSet(false, true)) {
      readNext();
    }
  }

  /** Takes the next batch and reads it; when it has answered, the batch after it. */
  private void readNext() {
    List<Read> batch = new ArrayList<>(MAX_BATCH);
    long now = nanoTime.getAsLong();
    for (Read read; batch.size() < MAX_BATCH && (read = queue.poll()) != null; ) {
      if (now - read.queuedAt() > timeoutNanos) {
        read.answer()
            .completeExceptionally(
                new StoreUnavailable("find", new SQLTimeoutException(QUEUED_TOO_LONG)));
      } else {
        batch.add(read);
      }
    }
    if (batch.isEmpty()) {
      reading.set(false);
      startReading();
      return;
    }
    List<Key> keys = new ArrayList<>(batch.size());
    for (Read read : batch) {
      keys.add(read.key());
    }
    CompletionStage<Map<Key, Preference>> statement;
    try {
      statement = reader.read(keys);
    } catch (RuntimeException | Error e) {
      statement = CompletableFuture.failedFuture(e);
    }
    batches.record(batch.size());
    statement.whenComplete((found, failure) -> {
      try {
        answer(batch, found, failure);
      } finally {
        readNext();
      }
    });
  }

  private static void answer(List<Read> batch, Map<Key, Preference> found, Throwable failure) {
    Throwable cause = failure instanceof CompletionException c ? c.getCause() : failure;
    for (Read read : batch) {
      if (cause != null) {
        read.answer().completeExceptionally(cause); // no read is left waiting, whatever went wrong
      } else {
        read.answer().complete(Optional.ofNullable(found.get(read.key())));
      }
    }
  }
}
