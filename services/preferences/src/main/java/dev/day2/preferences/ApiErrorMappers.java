package dev.day2.preferences;

import dev.day2.common.ErrorBody;
import dev.day2.common.JsonErrors;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns the API's own exceptions into JSON answers (the rest are mapped by service-common). */
class ApiErrorMappers {
  private static final Logger LOG = Logger.getLogger(ApiErrorMappers.class);

  /** The store could not answer: the 503's body, and how soon to retry. */
  static final ErrorBody STORE_UNAVAILABLE =
      new ErrorBody("database_unavailable", "the preference store is unavailable; retry later");

  static final String RETRY_AFTER_SECONDS = "1";

  @ServerExceptionMapper
  Response apiError(ApiError e) {
    return JsonErrors.of(e.status(), body(e));
  }

  @ServerExceptionMapper
  Response storeUnavailable(StoreUnavailable e) {
    logUnavailable(e);
    return Response.fromResponse(JsonErrors.of(503, STORE_UNAVAILABLE))
        .header("Retry-After", RETRY_AFTER_SECONDS)
        .build();
  }

  static ErrorBody body(ApiError e) {
    return new ErrorBody(e.code(), e.getMessage());
  }

  static void logUnavailable(StoreUnavailable e) {
    LOG.error(e.getMessage(), e.getCause());
  }
}
