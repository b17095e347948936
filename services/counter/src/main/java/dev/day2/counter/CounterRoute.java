package dev.day2.counter;

import dev.day2.common.PlainRoutes;
import dev.day2.common.WarmUp;
import dev.day2.redis.RedisRouteErrors;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * {@code GET /}: one more visit. Probes live under {@code /q/health} and never count; nothing here
 * may be cached, or a cache would swallow visits.
 *
 * <p>A plain Vert.x route, not a JAX-RS resource (ADR 0121): the visit's {@code INCR} is sent from
 * the event loop that read the request and its answer written from the reply, with no REST
 * framework or request context around it, which was a sixth of counter's CPU per visit. {@link
 * PlainRoutes} gives it what the resource had from the framework: {@code HEAD} (counts, as the
 * original Flask app's did), {@code OPTIONS}, a JSON 405 for other methods, the {@code Accept}
 * negotiation and a JSON 400 for a malformed one (the resource answered 500); {@link
 * RedisRouteErrors} the JSON 503/500 every Redis-backed service answers. The replica's own warm-up
 * visits (ADR 0140) count under a key of their own.
 */
@Singleton
class CounterRoute {
  private final Counter counter;
  private final WarmUp warmUp;

  CounterRoute(Counter counter, WarmUp warmUp) {
    this.counter = counter;
    this.warmUp = warmUp;
  }

  void register(@Observes Router router) {
    PlainRoutes.get(router, "/", this::visit);
  }

  private void visit(RoutingContext context) {
    PlainRoutes.prefersJson(context)
        .ifPresent(json ->
            (warmUp.isWarmUp(context.request()) ? counter.warmUp() : counter.increment())
                .onComplete(seen -> {
                  if (seen.succeeded()) {
                    answer(context, json, seen.result());
                  } else {
                    RedisRouteErrors.fail(context, seen.cause());
                  }
                }));
  }

  private static void answer(RoutingContext context, boolean json, long seen) {
    HttpServerResponse response = context.response();
    if (response.closed()) {
      return; // the client left; the visit counted
    }
    response.putHeader(HttpHeaders.CACHE_CONTROL, "no-store").putHeader(HttpHeaders.VARY, "Accept");
    if (json) {
      PlainRoutes.json(response, 200, "{\"message\":\"Hello World!\",\"seen\":" + seen + "}");
    } else {
      response
          .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain;charset=UTF-8")
          .end("Hello World! I have been seen " + seen + " times.\n");
    }
  }
}
