package dev.day2.tiles;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Source tables in PostgreSQL as GeoJSON. The table name comes from the allow-list ({@code
 * TILES_TABLES}) and is quoted; the geometry column is a bound parameter ({@code to_jsonb(t) ->
 * $1}), so no client text is ever spliced into SQL.
 */
@Singleton
@Typed(PostgresTables.class) // picked by TableSources
class PostgresTables implements TableSource {
  private final Pool pool;
  private final List<String> allowed;

  PostgresTables(Pool pool, @ConfigProperty(name = "tiles.tables") List<String> allowed) {
    this.pool = pool;
    this.allowed = allowed;
  }

  @Override
  public boolean has(String table) {
    return allowed.contains(table);
  }

  @Override
  public Uni<GeoJsonResult> geoJson(String table, String geomField, long maxBytes) {
    return pool.preparedQuery(
            "SELECT 1 FROM information_schema.columns"
                + " WHERE table_schema = current_schema() AND table_name = $1 AND column_name = $2")
        .execute(Tuple.of(table, geomField))
        .chain(columns ->
            columns.size() == 0
                ? Uni.createFrom().<GeoJsonResult>item(new GeoJsonResult.NoSuchColumn())
                : features(table, geomField, maxBytes))
        .onFailure(e -> !(e instanceof SourceException))
        .transform(e -> new SourceException("PostgreSQL query failed: " + e.getMessage(), e));
  }

  private Uni<GeoJsonResult> features(String table, String geomField, long maxBytes) {
    String sql =
        "SELECT (to_jsonb(t) -> $1::text)::text, (to_jsonb(t) - $1::text)::text FROM \""
            + table.replace("\"", "")
            + "\" t";
    return pool.preparedQuery(sql)
        .execute(Tuple.of(geomField))
        .map(rows -> {
          GeoJsonResult.Writer writer = new GeoJsonResult.Writer(maxBytes);
          for (Row row : rows) {
            if (!writer.add(row.getString(0), row.getString(1))) {
              return new GeoJsonResult.TooLarge();
            }
          }
          return writer.finish();
        });
  }
}
