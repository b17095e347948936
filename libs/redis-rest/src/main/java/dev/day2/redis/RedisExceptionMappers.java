package dev.day2.redis;

import dev.day2.common.ErrorBody;
import dev.day2.common.JsonErrors;
import io.vertx.core.VertxException;
import jakarta.ws.rs.core.Response;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A Redis outage answers {@code 503} with a JSON body and {@code Retry-After}, never a 500 page: a
 * {@link RedisUnavailableException}, or what the Quarkus Redis client throws when Redis is down or
 * slow (connection refused or closed, timeouts, wrapped or not). Anything else is a bug: the same
 * JSON 500 as service-common's catch-all.
 */
public class RedisExceptionMappers {
  private static final Logger LOG = Logger.getLogger(RedisExceptionMappers.class);

  /** The body of the 503 every Redis-backed service answers while Redis is away. */
  public static final ErrorBody UNAVAILABLE =
      new ErrorBody("redis_unavailable", "the data store is unavailable; try again shortly");

  /** Its {@code Retry-After}, in seconds. */
  public static final String RETRY_AFTER_SECONDS = "5";

  /** Failures that always mean Redis is unreachable or too slow. */
  @ServerExceptionMapper({
    RedisUnavailableException.class,
    ConnectException.class,
    TimeoutException.class,
    io.smallrye.mutiny.TimeoutException.class
  })
  Response unavailable(Exception e) {
    return unavailableResponse(e);
  }

  /**
   * A Redis error reply, or the client's CONNECTION_CLOSED when Redis went away mid-request. The
   * reply's kind decides ({@link RedisFailures#isOutage}); without this mapper it reached the
   * catch-all as a 500, a Redis restart included.
   */
  @ServerExceptionMapper(io.vertx.redis.client.impl.types.ErrorType.class)
  Response redisError(io.vertx.redis.client.impl.types.ErrorType e) {
    if (RedisFailures.isOutage(e)) {
      return unavailableResponse(e);
    }
    LOG.error("unhandled error", e);
    return JsonErrors.of(500, ErrorBody.INTERNAL);
  }

  /** Wrappers that may hold an outage, or a bug: their causes decide. */
  @ServerExceptionMapper({CompletionException.class, VertxException.class})
  Response wrapped(RuntimeException e) {
    return outageOrBug(e);
  }

  private static Response outageOrBug(RuntimeException e) {
    if (RedisFailures.isOutage(e)) {
      return unavailableResponse(e);
    }
    LOG.error("unhandled error", e);
    return JsonErrors.of(500, ErrorBody.INTERNAL);
  }

  /** The 503 every Redis-backed service answers while Redis is away. */
  public static Response unavailableResponse(Throwable e) {
    LOG.warnf("redis unavailable: %s", RedisFailures.describe(e));
    return Response.fromResponse(JsonErrors.of(503, UNAVAILABLE))
        .header("Retry-After", RETRY_AFTER_SECONDS)
        .build();
  }
}
