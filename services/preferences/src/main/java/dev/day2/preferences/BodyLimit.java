package dev.day2.preferences;

import dev.day2.common.ErrorBody;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers {@code 413} JSON before reading a body whose {@code Content-Length} is above {@code
 * preferences.max-body-bytes}. Bodies without a length are counted by {@link PreferenceBody};
 * anything above the server's hard limit ({@code quarkus.http.limits.max-body-size}) is dropped by
 * the server itself with a bare 413.
 */
@Singleton
class BodyLimit {
  private final long maxBytes;

  BodyLimit(@ConfigProperty(name = "preferences.max-body-bytes") long maxBytes) {
    this.maxBytes = maxBytes;
  }

  void register(@Observes Filters filters) {
    filters.register(
        ctx -> {
          String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
          if (length != null && tooLong(length)) {
            ctx.response()
                .setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(
                    Json.encode(
                        new ErrorBody(
                            "body_too_large",
                            "the body is " + length + " bytes; the limit is " + maxBytes)));
            return;
          }
          ctx.next();
        },
        900); // after EdgeHeaders (1000), so the answer carries the request id
  }

  private boolean tooLong(String length) {
    try {
      return Long.parseLong(length.trim()) > maxBytes;
    } catch (NumberFormatException e) {
      return false; // the HTTP layer rejects a malformed length itself
    }
  }
}
