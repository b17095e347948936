package dev.day2.preferences;

import dev.day2.common.ErrorBody;
import dev.day2.common.JsonErrors;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A missing or rejected bearer token is a {@code 401} JSON answer with an RFC 6750 challenge, never
 * a bare 401 or a 500. Authentication is not proactive ({@code quarkus.http.auth.proactive=false}),
 * so it runs inside the REST layer for {@code @Authenticated} resources and lands here; health,
 * metrics and OpenAPI never ask for an identity and stay open.
 */
class AuthErrorMappers {
  private static final Logger LOG = Logger.getLogger(AuthErrorMappers.class);

  /** No bearer token: the answer, and its RFC 6750 challenge. */
  static final ErrorBody MISSING =
      new ErrorBody("unauthorized", "this API needs a bearer token: Authorization: Bearer <JWT>");

  static final String MISSING_CHALLENGE = "Bearer realm=\"preferences\"";

  /** A token that failed verification: the answer (the reason goes to the log only). */
  static final ErrorBody REJECTED =
      new ErrorBody(
          "invalid_token",
          "the bearer token was rejected: expired, not yet valid, wrong issuer or audience,"
              + " or not signed by the issuer");

  static final String REJECTED_CHALLENGE = "Bearer realm=\"preferences\", error=\"invalid_token\"";

  @ServerExceptionMapper
  Response missing(UnauthorizedException e) {
    return unauthorized(MISSING, MISSING_CHALLENGE);
  }

  @ServerExceptionMapper
  Response rejected(AuthenticationFailedException e) {
    logRejected(e);
    return unauthorized(REJECTED, REJECTED_CHALLENGE);
  }

  /** The reason (expired, issuer, audience, signature) goes to the log, not to the caller. */
  static void logRejected(Throwable e) {
    LOG.infof("bearer token rejected: %s", MigrateCommand.oneLine(e));
  }

  private static Response unauthorized(ErrorBody body, String challenge) {
    return Response.fromResponse(JsonErrors.of(401, body))
        .header(HttpHeaders.WWW_AUTHENTICATE, challenge)
        .build();
  }
}
