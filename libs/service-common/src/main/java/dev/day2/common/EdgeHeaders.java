package dev.day2.common;

import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.MDC;

/**
 * Runs before every route (REST, health, metrics): takes or makes the request id, puts it in the
 * log context and the response, and names the replica in {@code X-Served-By}.
 */
@Singleton
class EdgeHeaders {
  static final String SERVED_BY = "X-Served-By";

  private final Instance instance;

  EdgeHeaders(Instance instance) {
    this.instance = instance;
  }

  void register(@Observes Filters filters) {
    filters.register(
        ctx -> {
          String id = RequestIds.keepOrCreate(ctx.request().getHeader(RequestIds.HEADER));
          ctx.request().headers().set(RequestIds.HEADER, id);
          ctx.response().putHeader(RequestIds.HEADER, id);
          ctx.response().putHeader(SERVED_BY, instance.name());
          MDC.put(RequestIds.MDC_KEY, id);
          ctx.addEndHandler(done -> MDC.remove(RequestIds.MDC_KEY));
          ctx.next();
        },
        1000);
  }
}
