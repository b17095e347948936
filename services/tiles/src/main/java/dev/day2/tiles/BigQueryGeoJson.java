package dev.day2.tiles;

import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.Table;
import com.google.cloud.bigquery.TableId;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Source tables in BigQuery as GeoJSON ({@code TILES_BIGQUERY_SOURCE_TABLES}, {@code
 * id=project.dataset.table}). The geometry column is checked against the table's schema first and
 * is then a quoted identifier that matched {@code [A-Za-z_][A-Za-z0-9_]*}; the table name comes
 * from configuration. Rows are read page by page and the answer stops at the size limit.
 */
@Singleton
@Typed(BigQueryGeoJson.class) // picked by TableSources
class BigQueryGeoJson implements TableSource {
  private final BigQueryTileSource client;
  private final Map<String, String> tables = new HashMap<>();

  BigQueryGeoJson(
      BigQueryTileSource client,
      @ConfigProperty(name = "tiles.bigquery.source-tables") Optional<List<String>> entries) {
    this.client = client;
    for (String entry : entries.orElse(List.of())) {
      String[] parts = entry.trim().split("=", 2);
      if (parts.length != 2 || !BigQueryTables.isTableName(parts[1])) {
        throw new IllegalArgumentException(
            "TILES_BIGQUERY_SOURCE_TABLES entries must be id=project.dataset.table, got '"
                + entry
                + "'");
      }
      tables.put(Ids.require("table", parts[0]), parts[1]);
    }
  }

  @Override
  public boolean has(String table) {
    return tables.containsKey(table);
  }

  @Override
  public Uni<GeoJsonResult> geoJson(String table, String geomField, long maxBytes) {
    String name = tables.get(table);
    return Uni.createFrom()
        .item(() -> read(name, geomField, maxBytes))
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
  }

  private GeoJsonResult read(String name, String geomField, long maxBytes) {
    String[] p = name.split("\\.", 3);
    try {
      Table table = client.bigQuery().getTable(TableId.of(p[0], p[1], p[2]));
      if (table == null) {
        throw new SourceException("BigQuery table " + name + " not found", null);
      }
      List<String> columns =
          table.getDefinition().getSchema().getFields().stream().map(Field::getName).toList();
      if (!columns.contains(geomField)) {
        return new GeoJsonResult.NoSuchColumn();
      }
      String sql =
          "SELECT ST_ASGEOJSON(t.`"
              + geomField
              + "`) AS geometry, TO_JSON_STRING((SELECT AS STRUCT t.* EXCEPT (`"
              + geomField
              + "`))) AS properties FROM `"
              + name
              + "` AS t";
      GeoJsonResult.Writer writer = new GeoJsonResult.Writer(maxBytes);
      for (FieldValueList row :
          client.bigQuery().query(QueryJobConfiguration.newBuilder(sql).build()).iterateAll()) {
        String geometry =
            row.get("geometry").isNull() ? null : row.get("geometry").getStringValue();
        if (!writer.add(geometry, row.get("properties").getStringValue())) {
          return new GeoJsonResult.TooLarge();
        }
      }
      return writer.finish();
    } catch (BigQueryException e) {
      throw new SourceException("BigQuery failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SourceException("interrupted while querying BigQuery", e);
    }
  }
}
