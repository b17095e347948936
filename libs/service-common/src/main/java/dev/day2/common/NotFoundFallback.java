package dev.day2.common;

import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/** The last route: any path nobody serves gets a JSON 404 instead of the framework's page. */
@Singleton
class NotFoundFallback {
  void register(@Observes Router router) {
    router
        .route()
        .order(Integer.MAX_VALUE)
        .handler(ctx ->
            ctx.response()
                .setStatusCode(404)
                .putHeader("Content-Type", "application/json")
                .end(Json.encode(new ErrorBody("not_found", "no such resource"))));
  }
}
