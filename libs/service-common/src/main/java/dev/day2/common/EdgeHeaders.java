package dev.day2.common;

import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.MDC;

/**
 * Runs before every route (REST, health, metrics): takes or makes the request id, puts it in the
 * log context and the response, names the replica in {@code X-Served-By}, and at the end writes the
 * request's access-log line if {@link AccessLog} says so (never for the replica's own warm-up
 * requests, {@link WarmUp}).
 */
@Singleton
class EdgeHeaders {
  static final String SERVED_BY = "X-Served-By";

  private final Instance instance;
  private final AccessLog accessLog;
  private final WarmUp warmUp;

  EdgeHeaders(
      Instance instance,
      WarmUp warmUp,
      @ConfigProperty(name = "day2.access-log") String accessLog,
      @ConfigProperty(name = "day2.access-log.slow-ms") long slowMillis) {
    this.instance = instance;
    this.warmUp = warmUp;
    this.accessLog = AccessLog.of(accessLog, slowMillis);
  }

  void register(@Observes Filters filters) {
    filters.register(
        ctx -> {
          long start = System.nanoTime();
          String id = RequestIds.keepOrCreate(ctx.request().getHeader(RequestIds.HEADER));
          ctx.request().headers().set(RequestIds.HEADER, id);
          ctx.response().putHeader(RequestIds.HEADER, id);
          ctx.response().putHeader(SERVED_BY, instance.name());
          MDC.put(RequestIds.MDC_KEY, id);
          ctx.addEndHandler(done -> {
            if (!warmUp.isWarmUp(ctx.request())) {
              accessLog.finished(
                  ctx.request(),
                  ctx.response().getStatusCode(),
                  ctx.response().bytesWritten(),
                  System.nanoTime() - start,
                  id);
            }
            MDC.remove(RequestIds.MDC_KEY);
          });
          ctx.next();
        },
        1000);
  }
}
