package dev.day2.preferences;

import dev.day2.preferences.PreferenceStore.Key;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.quarkus.runtime.Startup;
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
 * <p>The reader completes each read on its own thread; {@link PreferenceReadRoute} brings the
 * answer back to the request's Vert.x context, where the response is written and log lines carry
 * the request id ({@code QueryTimeoutTest}). A read still queued {@code DB_QUERY_TIMEOUT} after it
 * arrived (behind statements the database did not answer) answers 503 without a statement of its
 * own, so no read waits longer than about twice that bound.
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

  private record Read(Key key, long queuedAt, CompletableFuture<Optional<Preference>> answer) {}

  private final PreferenceStore store;
  private final long timeoutNanos;
  private final LongSupplier nanoTime;
  private final DistributionSummary batches;
  private final Queue<Read> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean reading = new AtomicBoolean();
  private final ExecutorService reader =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("preference-reader").factory());

  /** The Lambda turns Micrometer off: there the summary goes to a registry nobody reads. */
  @Inject
  ReadBatcher(
      PreferenceStore store,
      @ConfigProperty(name = "preferences.query-timeout") Duration queryTimeout,
      Instance<MeterRegistry> registry) {
    this(
        store,
        queryTimeout,
        System::nanoTime,
        registry.isResolvable() ? registry.get() : new CompositeMeterRegistry());
  }

  ReadBatcher(
      PreferenceStore store, Duration queryTimeout, LongSupplier nanoTime, MeterRegistry registry) {
    this.store = store;
    this.timeoutNanos = queryTimeout.toNanos();
    this.nanoTime = nanoTime;
    this.batches =
        DistributionSummary.builder("preferences_read_batch_size")
            .description("Reads of one preference answered by each statement")
            .register(registry);
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
      reader.execute(this::readWhileQueued);
    }
  }

  private void readWhileQueued() {
    try {
      List<Read> batch = new ArrayList<>(MAX_BATCH);
      for (; ; batch.clear()) {
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
          return;
        }
        answer(batch);
      }
    } finally {
      reading.set(false);
      startReading();
    }
  }

  private void answer(List<Read> batch) {
    List<Key> keys = new ArrayList<>(batch.size());
    for (Read read : batch) {
      keys.add(read.key());
    }
    Map<Key, Preference> found;
    try {
      found = store.findAll(keys);
    } catch (RuntimeException | Error e) {
      for (Read read : batch) {
        read.answer().completeExceptionally(e); // no read is left waiting, whatever went wrong
      }
      if (e instanceof Error error) {
        throw error;
      }
      return;
    } finally {
      batches.record(batch.size());
    }
    for (Read read : batch) {
      read.answer().complete(Optional.ofNullable(found.get(read.key())));
    }
  }
}
