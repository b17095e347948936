package dev.day2.counter;

import dev.day2.common.ErrorBody;
import dev.day2.common.Negotiation;
import dev.day2.redis.RedisRouteErrors;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
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
 * framework or request context around it, which was a sixth of counter's CPU per visit. What the
 * resource had for free is here, each with its test: the {@code Accept} negotiation
 * (service-common's {@link Negotiation}, the one hello uses), {@code HEAD} (counts, as the original
 * Flask app's did), {@code OPTIONS}, a JSON 405 for other methods, a JSON 400 for a malformed
 * {@code Accept} (the resource answered 500), and the JSON 503/500 every Redis-backed service
 * answers ({@link RedisRouteErrors}). Headers every service sets ({@code X-Served-By}, {@code
 * X-Request-ID}), the access log and the HTTP metrics come from the HTTP layer below and apply to
 * routes and resources alike.
 */
@Singleton
class CounterRoute {
  static final String ALLOW = "GET, HEAD, OPTIONS";
  private static final String METHOD_NOT_ALLOWED =
      Json.encode(new ErrorBody("method_not_allowed", "HTTP 405 Method Not Allowed"));
  private static final String BAD_ACCEPT =
      Json.encode(new ErrorBody("bad_request", Negotiation.MALFORMED));

  private final Counter counter;

  CounterRoute(Counter counter) {
    this.counter = counter;
  }

  void register(@Observes Router router) {
    router.route("/").handler(this::handle);
  }

  private void handle(RoutingContext context) {
    HttpMethod method = context.request().method();
    if (method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD)) {
      visit(context);
    } else if (method.equals(HttpMethod.OPTIONS)) {
      context.response().putHeader(HttpHeaders.ALLOW, ALLOW).end();
    } else {
      RedisRouteErrors.json(
          context.response().putHeader(HttpHeaders.ALLOW, ALLOW), 405, METHOD_NOT_ALLOWED);
    }
  }

  private void visit(RoutingContext context) {
    boolean json;
    try {
      json = Negotiation.prefersJson(context.request().getHeader(HttpHeaders.ACCEPT));
    } catch (IllegalArgumentException malformed) {
      RedisRouteErrors.json(context.response(), 400, BAD_ACCEPT);
      return;
    }
    counter
        .increment()
        .subscribe()
        .with(
            seen -> answer(context, json, seen),
            failure -> RedisRouteErrors.fail(context, failure));
  }

  private static void answer(RoutingContext context, boolean json, long seen) {
    HttpServerResponse response = context.response();
    if (response.closed()) {
      return; // the client left; the visit counted
    }
    response
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .putHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT);
    if (json) {
      response
          .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
          .end("{\"message\":\"Hello World!\",\"seen\":" + seen + "}");
    } else {
      response
          .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain;charset=UTF-8")
          .end("Hello World! I have been seen " + seen + " times.\n");
    }
  }
}
