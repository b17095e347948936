package dev.day2.tiles;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Picks the tile source named by {@code TILES_SOURCE}; only that one is ever created. */
@Singleton
class TileSources {
  @Produces
  @Singleton
  TileSource source(
      @ConfigProperty(name = "tiles.source") String name, Instance<PostgresTileSource> postgres) {
    return switch (name) {
      case "postgres" -> postgres.get();
      default -> throw new IllegalStateException("TILES_SOURCE must be postgres or bigquery");
    };
  }
}
