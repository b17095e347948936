package dev.day2.redis;

import dev.day2.common.ErrorBody;
import dev.day2.common.PlainRoutes;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

/**
 * {@link RedisExceptionMappers}' answers for a plain Vert.x route (counter's and wrpi-api's hot
 * paths, ADR 0121; service-common's {@link PlainRoutes}), which no JAX-RS exception mapper sees: a
 * Redis outage is a JSON 503 with {@code Retry-After}, anything else a JSON 500 with the cause in
 * the log only. Both are logged on the request's context, with its id ({@link
 * PlainRoutes#onRequestContext}), wherever the failure arrived from.
 */
public final class RedisRouteErrors {
  private static final Logger LOG = Logger.getLogger(RedisRouteErrors.class);
  private static final String UNAVAILABLE = Json.encode(RedisExceptionMappers.UNAVAILABLE);
  private static final String INTERNAL = Json.encode(ErrorBody.INTERNAL);

  private RedisRouteErrors() {}

  /** Answers {@code failure} on {@code context}'s response (unless the client has gone). */
  public static void fail(RoutingContext context, Throwable failure) {
    boolean outage = RedisFailures.isOutage(failure);
    PlainRoutes.onRequestContext(
        context,
        () -> {
          if (outage) {
            LOG.warnf("redis unavailable: %s", RedisFailures.describe(failure));
          } else {
            LOG.error("unhandled error", failure);
          }
        });
    HttpServerResponse response = context.response();
    if (outage) {
      response.putHeader(HttpHeaders.RETRY_AFTER, RedisExceptionMappers.RETRY_AFTER_SECONDS);
    }
    PlainRoutes.json(response, outage ? 503 : 500, outage ? UNAVAILABLE : INTERNAL);
  }
}
