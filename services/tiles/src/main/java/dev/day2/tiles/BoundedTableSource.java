package dev.day2.tiles;

import io.smallrye.mutiny.Uni;
import java.time.Duration;

/**
 * Bounds every {@code /maps/table} read by {@code TILES_TABLE_TIMEOUT}, as {@link TimedTileSource}
 * bounds tile reads: neither store client has a query timeout of its own, so a table behind a lock
 * or a store that stopped answering would hold the request until the edge answered 504. Past the
 * bound the read fails as a {@link SourceException}: 503 JSON, no-store.
 */
final class BoundedTableSource implements TableSource {
  private final TableSource delegate;
  private final Duration limit;

  BoundedTableSource(TableSource delegate, Duration limit) {
    this.delegate = delegate;
    this.limit = limit;
  }

  @Override
  public boolean has(String table) {
    return delegate.has(table);
  }

  @Override
  public Uni<GeoJsonResult> geoJson(String table, String geomField, long maxBytes) {
    return delegate
        .geoJson(table, geomField, maxBytes)
        .ifNoItem()
        .after(limit)
        .failWith(() ->
            new SourceException(
                "the table store did not answer within " + limit + " (" + table + ")", null));
  }
}
