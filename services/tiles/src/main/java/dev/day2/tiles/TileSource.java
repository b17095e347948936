package dev.day2.tiles;

import io.smallrye.mutiny.Uni;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where tilesets live: rows {@code z, x, y, carto_partition, data} plus a metadata row at {@code z
 * = -1}. Implementations never block the calling (event-loop) thread; a failure of the store is a
 * {@link SourceException}, never an empty result.
 */
interface TileSource {
  /** The metadata row's JSON, or empty when the tileset does not exist. */
  Uni<Optional<byte[]>> metadata(String tileset);

  /** The gzip MVT bytes of one tile, or empty when the tile has no row. */
  Uni<Optional<byte[]>> tile(String tileset, TileAddress tile, OptionalInt partition);

  /** Completes when the store answers; fails otherwise (readiness). */
  Uni<Void> ping();
}
