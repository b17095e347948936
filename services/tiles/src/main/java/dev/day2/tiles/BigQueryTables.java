package dev.day2.tiles;

import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Which BigQuery table serves which tileset id ({@code TILES_BIGQUERY_TABLES}, e.g. {@code
 * osm_buildings=carto-demo-data.demo_tilesets.osm_buildings}). Names are checked at start, so only
 * configured, well-formed names ever reach a query.
 */
@Singleton
class BigQueryTables {
  private static final Pattern TABLE =
      Pattern.compile(
          "[a-z][a-z0-9-]{4,61}[a-z0-9]\\.[A-Za-z0-9_]{1,1024}\\.[A-Za-z0-9_-]{1,1024}");

  private final Map<String, String> byTileset = new HashMap<>();

  BigQueryTables(@ConfigProperty(name = "tiles.bigquery.tables") List<String> entries) {
    for (String entry : entries) {
      String[] parts = entry.trim().split("=", 2);
      if (parts.length != 2 || !isTableName(parts[1])) {
        throw new IllegalArgumentException(
            "TILES_BIGQUERY_TABLES entries must be id=project.dataset.table, got '" + entry + "'");
      }
      byTileset.put(Ids.require("tileset", parts[0]), parts[1]);
    }
  }

  static boolean isTableName(String name) {
    return TABLE.matcher(name).matches();
  }

  Optional<String> tableOf(String tileset) {
    return Optional.ofNullable(byTileset.get(tileset));
  }
}
