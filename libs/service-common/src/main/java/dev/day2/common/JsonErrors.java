package dev.day2.common;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;

/** Builds the JSON error responses every service answers with. */
public final class JsonErrors {
  private JsonErrors() {}

  public static Response of(int status, String error, String message) {
    return of(status, new ErrorBody(error, message));
  }

  public static Response of(int status, ErrorBody body) {
    return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
  }

  /** A stable code for an HTTP status, e.g. 404 → {@code not_found}. */
  static String codeFor(int status) {
    Response.Status known = Response.Status.fromStatusCode(status);
    String phrase = known != null ? known.getReasonPhrase() : "error";
    return phrase.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
  }

  static Response from(WebApplicationException e) {
    int status = e.getResponse().getStatus();
    String message = e.getMessage() != null ? e.getMessage() : codeFor(status);
    Response.ResponseBuilder builder =
        Response.fromResponse(e.getResponse())
            .type(MediaType.APPLICATION_JSON_TYPE)
            .entity(new ErrorBody(codeFor(status), message));
    return builder.build();
  }
}
