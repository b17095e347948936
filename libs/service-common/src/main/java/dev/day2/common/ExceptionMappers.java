package dev.day2.common;

import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error leaves as JSON: client mistakes keep their 4xx status, anything unexpected becomes a
 * 500 with a generic message while the stack trace goes to the log only.
 */
class ExceptionMappers {
  private static final Logger LOG = Logger.getLogger(ExceptionMappers.class);

  @Inject AllowedMethods allowed;

  @ServerExceptionMapper
  Response notFound(NotFoundException e) {
    return JsonErrors.of(404, "not_found", "no such resource");
  }

  /**
   * A method the path does not answer: the JSON 405 with the {@code Allow} RFC 9110 requires, the
   * same list {@code OPTIONS} answers ({@link AllowedMethods}).
   */
  @ServerExceptionMapper
  Response notAllowed(NotAllowedException e, HttpServerRequest request) {
    String allow = allowed.allowFor(request.path());
    if (allow == null) { // RESTEasy matched a path no resource declares: cannot happen, but say so
      allow = "OPTIONS";
    }
    ErrorBody body = ErrorBody.methodNotAllowed(request.method().name(), allow);
    return Response.fromResponse(JsonErrors.of(405, body)).header("Allow", allow).build();
  }

  /**
   * A body of a type the method does not consume: says which type came and which one to send (every
   * body these APIs take is JSON), not RESTEasy's "did not match the value in @Consumes".
   */
  @ServerExceptionMapper
  Response unsupportedMediaType(NotSupportedException e, HttpHeaders headers) {
    String sent = String.valueOf(headers.getHeaderString(HttpHeaders.CONTENT_TYPE));
    String shown = sent.length() > 100 ? sent.substring(0, 100) + "..." : sent;
    return JsonErrors.of(
        415,
        "unsupported_media_type",
        "Content-Type " + shown + " is not accepted here; send application/json");
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
