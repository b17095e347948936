package dev.day2.tiles;

import dev.day2.tileset.TilesetBuilder;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points the service at a {@link FakeBigQuery} holding the Monaco tileset. */
public class FakeBigQueryResource implements QuarkusTestResourceLifecycleManager {
  static volatile FakeBigQuery fake;

  @Override
  public Map<String, String> start() {
    fake =
        new FakeBigQuery()
            .withTable("carto-demo-data.demo_tilesets.osm_buildings", TilesetBuilder.monaco());
    return Map.of(
        "TILES_SOURCE",
        "bigquery",
        "TILES_BIGQUERY_PROJECT",
        "day2-test",
        "TILES_BIGQUERY_ENDPOINT",
        fake.endpoint(),
        "TILES_BIGQUERY_SOURCE_TABLES",
        "osm_buildings=" + FakeBigQuery.SOURCE_TABLE,
        "TILES_BIGQUERY_TABLES",
        "osm_buildings=carto-demo-data.demo_tilesets.osm_buildings,denied=" + FakeBigQuery.DENIED);
  }

  @Override
  public void stop() {
    if (fake != null) {
      fake.close();
    }
  }
}
