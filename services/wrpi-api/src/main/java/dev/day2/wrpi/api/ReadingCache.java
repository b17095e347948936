package dev.day2.wrpi.api;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Keeps the last reading read from Redis for {@code ttl} (default 1 s, {@code WRPI_CACHE_TTL}): the
 * value changes once a minute, so under load one Redis read serves every request of that second,
 * and concurrent misses share one read. Failures are never kept: once the time is up, an outage
 * answers 503 again. {@code ttl} 0 reads Redis on every request.
 */
final class ReadingCache {
  private record Entry(Reading reading, long expiresAt) {}

  private final long ttlNanos;
  private final LongSupplier nanoTime;
  private final AtomicReference<Entry> latest = new AtomicReference<>();
  private final AtomicReference<Uni<Reading>> inFlight = new AtomicReference<>();

  ReadingCache(Duration ttl, LongSupplier nanoTime) {
    this.ttlNanos = ttl.toNanos();
    this.nanoTime = nanoTime;
  }

  /** The kept reading while fresh, otherwise the (shared) result of {@code read}. */
  Uni<Reading> get(Supplier<Uni<Reading>> read) {
    if (ttlNanos <= 0) {
      return read.get();
    }
    Entry entry = latest.get();
    if (entry != null && nanoTime.getAsLong() - entry.expiresAt() < 0) {
      return Uni.createFrom().item(entry.reading());
    }
    Uni<Reading> shared = inFlight.get();
    if (shared != null) {
      return shared;
    }
    Uni<Reading> fresh =
        read.get()
            .invoke(reading -> latest.set(new Entry(reading, nanoTime.getAsLong() + ttlNanos)))
            .onTermination()
            .invoke(() -> inFlight.set(null))
            .memoize()
            .indefinitely();
    return inFlight.compareAndSet(null, fresh) ? fresh : get(read);
  }
}
