package dev.day2.tiles;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Picks the table source that matches {@code TILES_SOURCE}. */
@Singleton
class TableSources {
  @Produces
  @Singleton
  TableSource tables(
      @ConfigProperty(name = "tiles.source") String name,
      Instance<PostgresTables> postgres,
      Instance<BigQueryGeoJson> bigQuery) {
    return name.equals("bigquery") ? bigQuery.get() : postgres.get();
  }
}
