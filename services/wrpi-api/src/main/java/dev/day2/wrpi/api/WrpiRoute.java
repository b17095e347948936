package dev.day2.wrpi.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.day2.common.ErrorBody;
import dev.day2.common.PlainRoutes;
import dev.day2.redis.RedisRouteErrors;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * {@code GET /v0/wrpi} (Basic auth): the latest reading. A plain Vert.x route, as counter's visit
 * (ADR 0121): the reading, from the short-lived cache or one {@code MGET}, is answered from the
 * event loop with no REST framework or request context around it. The index ({@code GET /}) stays a
 * JAX-RS resource ({@link WrpiResource}). Everything the resource did here is the route's own,
 * tested by {@code WrpiResourceTest}: the original's 401 body byte for byte with {@code
 * WWW-Authenticate} and the fail2ban line, the two 503s of a missing or corrupt reading, the Redis
 * outage's 503 with {@code Retry-After}; besides, {@code HEAD}, {@code OPTIONS} and a JSON 405.
 * CORS (a filter below every route) answers preflights before this route sees them.
 */
@Singleton
class WrpiRoute {
  static final String PATH = "/v0/wrpi";

  /** The original's 401 body, byte for byte. */
  static final String UNAUTHORIZED_BODY =
      "{\"error\":\"please authenticate to use this API\",\"error_code\":\"forbidden\"}";

  /** Logged once per failed request; deploy/host/fail2ban/filter.d/wrpi-api.conf matches it. */
  static final String AUTH_FAILURE = "wrpi-api auth failure from ";

  private static final Logger AUTH_LOG = Logger.getLogger("dev.day2.wrpi.api.auth");
  private static final Logger LOG = Logger.getLogger(WrpiRoute.class);
  private static final String NO_VALUE_YET =
      Json.encode(
          new ErrorBody(
              "no_value_yet",
              "no WRPI has been calculated yet; the updater stores one every minute"));
  private static final String CORRUPT =
      Json.encode(
          new ErrorBody(
              "corrupt_value", "the stored WRPI cannot be read; the operators have been told"));

  private final BasicAuth auth;
  private final WrpiStore store;
  private final ObjectMapper json;

  WrpiRoute(BasicAuth auth, WrpiStore store, ObjectMapper json) {
    this.auth = auth;
    this.store = store;
    this.json = json;
  }

  void register(@Observes Router router) {
    PlainRoutes.get(router, PATH, this::read);
  }

  private void read(RoutingContext context) {
    if (!auth.accepts(context.request().getHeader(HttpHeaders.AUTHORIZATION))) {
      AUTH_LOG.warn(AUTH_FAILURE + context.request().remoteAddress().hostAddress());
      PlainRoutes.json(
          context.response().putHeader("WWW-Authenticate", "Basic realm=\"wrpi\""),
          401,
          UNAUTHORIZED_BODY);
      return;
    }
    store
        .latest()
        .subscribe()
        .with(reading -> answer(context, reading), failure -> fail(context, failure));
  }

  private void answer(RoutingContext context, Reading reading) {
    String body;
    try {
      body = json.writeValueAsString(reading);
    } catch (JsonProcessingException e) {
      fail(context, e);
      return;
    }
    PlainRoutes.json(context.response(), 200, body);
  }

  /** A missing or corrupt reading is a 503 saying which; Redis' failures as every service's. */
  private static void fail(RoutingContext context, Throwable failure) {
    if (failure instanceof NoValueYetException) {
      PlainRoutes.json(context.response(), 503, NO_VALUE_YET);
    } else if (failure instanceof CorruptValueException) {
      LOG.error("corrupt WRPI in redis: " + failure.getMessage());
      PlainRoutes.json(context.response(), 503, CORRUPT);
    } else {
      RedisRouteErrors.fail(context, failure);
    }
  }
}
