package dev.day2.tiles;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * CORS for any origin on the public, credential-free tile and TileJSON routes, as CARTO's API had:
 * a map on any page (a fiddle, another team's site) may draw the tiles. The answer is {@code
 * Access-Control-Allow-Origin: *} on every response, with or without an {@code Origin}, so it does
 * not depend on the request: one object cached by Varnish is right for every origin and no {@code
 * Vary: Origin} is needed (docs/adr/0086). A preflight is answered here, before any resource.
 */
@Singleton
class PublicCors {
  static final String EXPOSED = "ETag, X-Cache, X-Served-By, X-Request-ID";

  void register(@Observes Router router) {
    router.route("/maps/tileset/*").order(-100).handler(PublicCors::handle);
  }

  static void handle(RoutingContext ctx) {
    ctx.response().putHeader("Access-Control-Allow-Origin", "*");
    String requested = ctx.request().getHeader("Access-Control-Request-Method");
    if (ctx.request().method() == HttpMethod.OPTIONS && requested != null) {
      String headers = ctx.request().getHeader("Access-Control-Request-Headers");
      ctx.response()
          .putHeader("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
          .putHeader("Access-Control-Max-Age", "86400")
          .putHeader("Cache-Control", "no-store")
          .setStatusCode(204);
      if (headers != null) {
        // Credential-free routes: echoing the requested headers grants nothing beyond reading.
        ctx.response().putHeader("Access-Control-Allow-Headers", headers);
      }
      ctx.response().end();
      return;
    }
    ctx.response().putHeader("Access-Control-Expose-Headers", EXPOSED);
    ctx.next();
  }
}
