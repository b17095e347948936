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
 * lookup of the tile only. A republished tileset shows its new version within that time. An id that
 * names no tileset is remembered for as long, so asking again costs no query, but only up to {@link
 * #MAX_UNKNOWN} of them: the ids come from request paths, and without a bound a client asking for
 * ever new ones would fill the heap.
 */
@Singleton
class TilesetCatalog {
  static final int MAX_UNKNOWN = 10_000;

  private final TileSource source;
  private final Clock clock;
  private final Duration ttl;
  private final ConcurrentHashMap<String, Entry> known = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Instant> unknown = new ConcurrentHashMap<>();

  TilesetCatalog(
      TileSource source, Clock clock, @ConfigProperty(name = "tiles.metadata-ttl") Duration ttl) {
    this.source = source;
    this.clock = clock;
    this.ttl = ttl;
  }

  /** The tileset, or empty when it does not exist; fails with the source's error. */
  Uni<Optional<PublishedTileset>> find(String id) {
    Instant now = clock.instant();
    Entry cached = known.get(id);
    if (cached != null && now.isBefore(cached.expires())) {
      return Uni.createFrom().item(Optional.of(cached.tileset()));
    }
    Instant absentUntil = unknown.get(id);
    if (absentUntil != null && now.isBefore(absentUntil)) {
      return Uni.createFrom().item(Optional.empty());
    }
    return source
        .metadata(id)
        .map(json -> json.map(bytes -> PublishedTileset.of(id, bytes)))
        .invoke(found -> remember(id, found, now));
  }

  private void remember(String id, Optional<PublishedTileset> found, Instant now) {
    Instant expires = now.plus(ttl);
    if (found.isPresent()) {
      known.put(id, new Entry(found.get(), expires));
      unknown.remove(id);
      return;
    }
    known.remove(id);
    if (unknown.size() >= MAX_UNKNOWN) {
      unknown.values().removeIf(until -> !now.isBefore(until));
      if (unknown.size() >= MAX_UNKNOWN) {
        unknown.clear(); // every one still fresh: start again rather than grow
      }
    }
    unknown.put(id, expires);
  }

  /** How many ids that name no tileset are remembered. */
  int unknownRemembered() {
    return unknown.size();
  }

  private record Entry(PublishedTileset tileset, Instant expires) {}
}
