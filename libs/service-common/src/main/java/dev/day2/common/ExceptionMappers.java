package dev.day2.common;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error leaves as JSON: client mistakes keep their 4xx status, anything unexpected becomes a
 * 500 with a generic message while the stack trace goes to the log only.
 */
class ExceptionMappers {
  private static final Logger LOG = Logger.getLogger(ExceptionMappers.class);

  @ServerExceptionMapper
  Response notFound(NotFoundException e) {
    return JsonErrors.of(404, "not_found", "no such resource");
  }

  @ServerExceptionMapper
  Response webApplication(WebApplicationException e) {
    return JsonErrors.from(e);
  }

  @ServerExceptionMapper
  Response unexpected(Throwable e) {
    LOG.error("unhandled error", e);
    return JsonErrors.of(500, ErrorBody.INTERNAL);
  }
}
