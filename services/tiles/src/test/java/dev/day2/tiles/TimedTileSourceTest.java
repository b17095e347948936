package dev.day2.tiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class TimedTileSourceTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  /** A source that answers from memory: a tile at 14/1/1, nothing elsewhere, failing on z=0. */
  private final TileSource store =
      new TileSource() {
        @Override
        public Uni<Optional<byte[]>> metadata(String tileset) {
          return Uni.createFrom().item(Optional.of(new byte[] {'{', '}'}));
        }

        @Override
        public Uni<Optional<byte[]>> tile(String tileset, TileAddress tile, OptionalInt p) {
          if (tile.z() == 0) {
            return Uni.createFrom().failure(new SourceException("store down", null));
          }
          return Uni.createFrom()
              .item(tile.x() == 1 ? Optional.of(new byte[] {1}) : Optional.empty());
        }

        @Override
        public Uni<Void> ping() {
          return Uni.createFrom().voidItem();
        }
      };

  private final TimedTileSource timed =
      new TimedTileSource(store, "postgres", registry, Duration.ofSeconds(10));

  @Test
  void timesEachReadByOperationAndOutcome() {
    timed.tile("t", new TileAddress(14, 1, 1), OptionalInt.empty()).await().indefinitely();
    timed.tile("t", new TileAddress(14, 2, 1), OptionalInt.empty()).await().indefinitely();
    timed.tile("t", new TileAddress(14, 3, 1), OptionalInt.empty()).await().indefinitely();
    timed.metadata("t").await().indefinitely();
    assertThatThrownBy(() ->
            timed.tile("t", new TileAddress(0, 0, 0), OptionalInt.empty()).await().indefinitely())
        .isInstanceOf(SourceException.class);

    assertThat(count("tile", "found")).isEqualTo(1);
    assertThat(count("tile", "absent")).isEqualTo(2);
    assertThat(count("tile", "error")).isEqualTo(1);
    assertThat(count("metadata", "found")).isEqualTo(1);
  }

  @Test
  void aReadTheStoreNeverAnswersFailsAfterTheLimitAsAnError() {
    TileSource silent =
        new TileSource() {
          @Override
          public Uni<Optional<byte[]>> metadata(String tileset) {
            return Uni.createFrom().nothing();
          }

          @Override
          public Uni<Optional<byte[]>> tile(String tileset, TileAddress tile, OptionalInt p) {
            return Uni.createFrom().nothing();
          }

          @Override
          public Uni<Void> ping() {
            return Uni.createFrom().nothing();
          }
        };
    TimedTileSource bounded =
        new TimedTileSource(silent, "postgres", registry, Duration.ofMillis(50));

    // Without the bound both reads would wait forever (await().indefinitely()).
    assertThatThrownBy(() ->
            bounded
                .tile("t", new TileAddress(14, 1, 1), OptionalInt.empty())
                .await()
                .indefinitely())
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("did not answer within PT0.05S");
    assertThatThrownBy(() -> bounded.metadata("t").await().indefinitely())
        .isInstanceOf(SourceException.class);
    assertThat(count("tile", "error")).isEqualTo(1);
    assertThat(count("metadata", "error")).isEqualTo(1);
  }

  @Test
  void publishesBucketsForTheP99() {
    timed.tile("t", new TileAddress(14, 1, 1), OptionalInt.empty()).await().indefinitely();
    var histogram =
        registry.get(TimedTileSource.METRIC).tag("outcome", "found").timer().takeSnapshot();
    assertThat(histogram.histogramCounts()).hasSizeGreaterThanOrEqualTo(10);
  }

  private long count(String operation, String outcome) {
    return registry
        .get(TimedTileSource.METRIC)
        .tags("source", "postgres", "operation", operation, "outcome", outcome)
        .timer()
        .count();
  }
}
