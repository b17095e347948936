package dev.day2.tiles;

import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The Cache-Control values and the If-None-Match check of tiles, TileJSON and tables. */
@Singleton
class CachePolicy {
  static final String NO_STORE = "no-store";

  private final String tiles;
  private final String tileJson;
  private final String table;

  CachePolicy(
      @ConfigProperty(name = "tiles.tile-max-age") int tileMaxAge,
      @ConfigProperty(name = "tiles.tilejson-max-age") int tileJsonMaxAge,
      @ConfigProperty(name = "tiles.table-max-age") int tableMaxAge) {
    this.tiles = "public, max-age=" + tileMaxAge;
    this.tileJson = "public, max-age=" + tileJsonMaxAge;
    this.table = "public, max-age=" + tableMaxAge;
  }

  String tiles() {
    return tiles;
  }

  String tileJson() {
    return tileJson;
  }

  /**
   * A whole table's GeoJSON: up to {@code MAX_JSON_RESPONSE_SIZE} read from PostgreSQL or a
   * BigQuery job (billed per query) on every miss, so the cache in front keeps it this long and
   * lets one fetch answer every client that asked meanwhile.
   */
  String table() {
    return table;
  }

  /** RFC 9110 weak comparison, as If-None-Match uses: any listed tag (or *) matches. */
  static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
      return false;
    }
    String opaque = etag.startsWith("W/") ? etag.substring(2) : etag;
    for (String candidate : ifNoneMatch.split(",")) {
      String tag = candidate.trim();
      if (tag.equals("*")) {
        return true;
      }
      if (tag.startsWith("W/")) {
        tag = tag.substring(2);
      }
      if (tag.equals(opaque)) {
        return true;
      }
    }
    return false;
  }
}
