package dev.day2.tiles;

import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The Cache-Control values and the If-None-Match check shared by tiles and TileJSON. */
@Singleton
class CachePolicy {
  static final String NO_STORE = "no-store";

  private final String tiles;
  private final String tileJson;

  CachePolicy(
      @ConfigProperty(name = "tiles.tile-max-age") int tileMaxAge,
      @ConfigProperty(name = "tiles.tilejson-max-age") int tileJsonMaxAge) {
    this.tiles = "public, max-age=" + tileMaxAge;
    this.tileJson = "public, max-age=" + tileJsonMaxAge;
  }

  String tiles() {
    return tiles;
  }

  String tileJson() {
    return tileJson;
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
