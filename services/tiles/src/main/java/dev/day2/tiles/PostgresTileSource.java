package dev.day2.tiles;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Tilesets in one PostgreSQL table, {@code tileset_tiles} (see tileset-format's {@code
 * TilesetTables}), read with the reactive client: a tile is one primary-key lookup that never
 * blocks the event loop. The metadata row is stored with {@code z = -1, x = 0, y = 0}.
 */
@Singleton
@Typed(PostgresTileSource.class) // picked by TileSources, not injected as a TileSource
class PostgresTileSource implements TileSource {
  static final String TILE =
      "SELECT data FROM tileset_tiles WHERE tileset = $1 AND z = $2 AND x = $3 AND y = $4";

  private final Pool pool;

  PostgresTileSource(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Uni<Optional<byte[]>> metadata(String tileset) {
    return data(Tuple.of(tileset, -1, 0L, 0L));
  }

  @Override
  public Uni<Optional<byte[]>> tile(String tileset, TileAddress tile, OptionalInt partition) {
    return data(Tuple.of(tileset, tile.z(), tile.x(), tile.y()));
  }

  @Override
  public Uni<Void> ping() {
    return pool.query("SELECT 1")
        .execute()
        .onFailure()
        .transform(e -> new SourceException("PostgreSQL is unreachable", e))
        .replaceWithVoid();
  }

  private Uni<Optional<byte[]>> data(Tuple key) {
    return pool.preparedQuery(TILE)
        .execute(key)
        .onFailure()
        .transform(e -> new SourceException("PostgreSQL query failed: " + e.getMessage(), e))
        .map(PostgresTileSource::firstBytes);
  }

  private static Optional<byte[]> firstBytes(RowSet<Row> rows) {
    var it = rows.iterator();
    return it.hasNext() ? Optional.of(it.next().getBuffer(0).getBytes()) : Optional.empty();
  }
}
