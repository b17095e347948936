package dev.day2.tiles;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Tileset metadata, kept in memory for {@code tiles.metadata-ttl} so a tile request costs one
 * lookup of the tile only. A republished tileset shows its new version within that time.
 */
@Singleton
class TilesetCatalog {
  private final TileSource source;
  private final Clock clock;
  private final Duration ttl;
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  TilesetCatalog(
      TileSource source, Clock clock, @ConfigProperty(name = "tiles.metadata-ttl") Duration ttl) {
    this.source = source;
    this.clock = clock;
    this.ttl = ttl;
  }

  /** The tileset, or empty when it does not exist; fails with the source's error. */
  Uni<Optional<PublishedTileset>> find(String id) {
    Instant now = clock.instant();
    Entry cached = entries.get(id);
    if (cached != null && now.isBefore(cached.expires())) {
      return Uni.createFrom().item(cached.tileset());
    }
    return source
        .metadata(id)
        .map(json -> json.map(bytes -> PublishedTileset.of(id, bytes)))
        .invoke(found -> entries.put(id, new Entry(found, now.plus(ttl))));
  }

  private record Entry(Optional<PublishedTileset> tileset, Instant expires) {}
}
