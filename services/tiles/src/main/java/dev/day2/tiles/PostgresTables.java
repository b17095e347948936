package dev.day2.tiles;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Source tables as GeoJSON. The table name comes from the configured allow-list (checked by the
 * caller) and is quoted; the geometry column is a bound parameter ({@code to_jsonb(t) -> $1}), so
 * no client text is ever spliced into SQL.
 */
@Singleton
class PostgresTables {
  private final Pool pool;

  PostgresTables(Pool pool) {
    this.pool = pool;
  }

  sealed interface GeoJson {
    record Body(byte[] bytes) implements GeoJson {}

    record NoSuchColumn() implements GeoJson {}

    record TooLarge() implements GeoJson {}
  }

  Uni<GeoJson> geoJson(String table, String geomField, long maxBytes) {
    return pool.preparedQuery(
            "SELECT 1 FROM information_schema.columns"
                + " WHERE table_schema = current_schema() AND table_name = $1 AND column_name = $2")
        .execute(Tuple.of(table, geomField))
        .chain(columns ->
            columns.size() == 0
                ? Uni.createFrom().<GeoJson>item(new GeoJson.NoSuchColumn())
                : features(table, geomField, maxBytes))
        .onFailure(e -> !(e instanceof SourceException))
        .transform(e -> new SourceException("PostgreSQL query failed: " + e.getMessage(), e));
  }

  private Uni<GeoJson> features(String table, String geomField, long maxBytes) {
    String sql =
        "SELECT (to_jsonb(t) -> $1::text)::text, (to_jsonb(t) - $1::text)::text FROM \""
            + table.replace("\"", "")
            + "\" t";
    return pool.preparedQuery(sql)
        .execute(Tuple.of(geomField))
        .map(rows -> {
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          write(out, "{\"type\":\"FeatureCollection\",\"features\":[");
          boolean first = true;
          for (Row row : rows) {
            write(out, first ? "" : ",");
            first = false;
            write(out, "{\"type\":\"Feature\",\"geometry\":");
            write(out, row.getString(0) == null ? "null" : row.getString(0));
            write(out, ",\"properties\":");
            write(out, row.getString(1));
            write(out, "}");
            if (out.size() > maxBytes) {
              return new GeoJson.TooLarge();
            }
          }
          write(out, "]}");
          return out.size() > maxBytes
              ? new GeoJson.TooLarge()
              : new GeoJson.Body(out.toByteArray());
        });
  }

  private static void write(ByteArrayOutputStream out, String text) {
    out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
  }
}
