package dev.day2.tiles;

import dev.day2.common.PlainRoutes;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * The API only reads: a tile, a TileJSON document and a table answer {@code GET}, {@code HEAD} and
 * {@code OPTIONS}, and any other method a JSON 405 with {@code Allow}. RESTEasy answered a {@code
 * POST} to a tile 404 (the TileJSON resource's template is a prefix of the tile's).
 */
@Singleton
class ReadOnlyPaths {
  static final String PATHS = "/maps/(tileset/[^/]+(/[^/]+/[^/]+/[^/]+)?|table/[^/]+)/?";

  void register(@Observes Router router) {
    PlainRoutes.readOnly(router, PATHS);
  }
}
