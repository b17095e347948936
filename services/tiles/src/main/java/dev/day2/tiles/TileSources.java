package dev.day2.tiles;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Picks the tile source named by {@code TILES_SOURCE}; only that one is ever created. */
@Singleton
class TileSources {
  @Produces
  @Singleton
  TileSource source(
      @ConfigProperty(name = "tiles.source") String name,
      @ConfigProperty(name = "tiles.source-timeout") Duration limit,
      Instance<PostgresTileSource> postgres,
      Instance<BigQueryTileSource> bigQuery,
      MeterRegistry registry) {
    TileSource chosen =
        switch (name) {
          case "postgres" -> postgres.get();
          case "bigquery" -> bigQuery.get();
          default -> throw new IllegalStateException("TILES_SOURCE must be postgres or bigquery");
        };
    return new TimedTileSource(chosen, name, registry, limit);
  }

  /**
   * Creates the source at start, so a bad source setting stops the service instead of a request.
   */
  void createAtStart(@Observes StartupEvent event, TileSource source) {
    source.getClass(); // a @Singleton has no proxy: injecting it here creates it
  }
}
