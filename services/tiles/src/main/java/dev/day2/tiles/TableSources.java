package dev.day2.tiles;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Picks the table source that matches {@code TILES_SOURCE}. */
@Singleton
class TableSources {
  @Produces
  @Singleton
  TableSource tables(
      @ConfigProperty(name = "tiles.source") String name,
      @ConfigProperty(name = "tiles.table-timeout") Duration limit,
      Instance<PostgresTables> postgres,
      Instance<BigQueryGeoJson> bigQuery) {
    TableSource chosen = name.equals("bigquery") ? bigQuery.get() : postgres.get();
    return new BoundedTableSource(chosen, limit);
  }
}
