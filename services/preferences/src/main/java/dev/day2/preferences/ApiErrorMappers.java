package dev.day2.preferences;

import dev.day2.common.JsonErrors;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns the API's own exceptions into JSON answers (the rest are mapped by service-common). */
class ApiErrorMappers {
  private static final Logger LOG = Logger.getLogger(ApiErrorMappers.class);

  @ServerExceptionMapper
  Response apiError(ApiError e) {
    return JsonErrors.of(e.status(), e.code(), e.getMessage());
  }

  @ServerExceptionMapper
  Response storeUnavailable(StoreUnavailable e) {
    LOG.error(e.getMessage(), e.getCause());
    Response error =
        JsonErrors.of(
            503, "database_unavailable", "the preference store is unavailable; retry later");
    return Response.fromResponse(error).header("Retry-After", "1").build();
  }
}
