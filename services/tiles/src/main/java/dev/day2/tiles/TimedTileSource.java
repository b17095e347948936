package dev.day2.tiles;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * Times every read of the tile source as {@code tiles_source_seconds{source, operation, outcome}}
 * (outcome {@code found}, {@code absent} or {@code error}), with fixed buckets from 1 ms to 10 s so
 * the tiles dashboard can show the source's p99 apart from the cache and the HTTP layer.
 *
 * <p>And bounds every read by {@code TILES_SOURCE_TIMEOUT}: neither client has a query timeout of
 * its own, so a store that stops answering (a PostgreSQL stopped or behind a lock, a peer gone
 * without a reset) would hold the request until the cache or the edge gave up; past the bound the
 * read fails as a {@link SourceException}, a 503 no cache keeps, recorded as {@code error}.
 */
final class TimedTileSource implements TileSource {
  static final String METRIC = "tiles_source_seconds";
  private static final Duration[] BUCKETS = {
    Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
    Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
    Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(10)
  };

  private final TileSource delegate;
  private final String source;
  private final MeterRegistry registry;
  private final Duration limit;

  TimedTileSource(TileSource delegate, String source, MeterRegistry registry, Duration limit) {
    this.delegate = delegate;
    this.source = source;
    this.registry = registry;
    this.limit = limit;
  }

  @Override
  public Uni<Optional<byte[]>> metadata(String tileset) {
    return timed("metadata", () -> delegate.metadata(tileset));
  }

  @Override
  public Uni<Optional<byte[]>> tile(String tileset, TileAddress tile, OptionalInt partition) {
    return timed("tile", () -> delegate.tile(tileset, tile, partition));
  }

  @Override
  public Uni<Void> ping() {
    return delegate.ping();
  }

  private Uni<Optional<byte[]>> timed(String operation, Supplier<Uni<Optional<byte[]>>> read) {
    return Uni.createFrom()
        .deferred(() -> {
          long start = System.nanoTime();
          return read.get()
              .ifNoItem()
              .after(limit)
              .failWith(() ->
                  new SourceException(
                      "the tile store did not answer within " + limit + " (" + source + ")", null))
              .onItemOrFailure()
              .invoke((item, failure) -> {
                String outcome = failure != null ? "error" : item.isPresent() ? "found" : "absent";
                timer(operation, outcome).record(Duration.ofNanos(System.nanoTime() - start));
              });
        });
  }

  private Timer timer(String operation, String outcome) {
    return Timer.builder(METRIC)
        .description("Time to read from the tile source")
        .tags("source", source, "operation", operation, "outcome", outcome)
        .serviceLevelObjectives(BUCKETS)
        .register(registry);
  }
}
