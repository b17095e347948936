package dev.day2.preferences;

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

  @ServerExceptionMapper
  Response missing(UnauthorizedException e) {
    return unauthorized(
        "unauthorized",
        "this API needs a bearer token: Authorization: Bearer <JWT>",
        "Bearer realm=\"preferences\"");
  }

  @ServerExceptionMapper
  Response rejected(AuthenticationFailedException e) {
    // The reason (expired, issuer, audience, signature) goes to the log, not to the caller.
    LOG.infof("bearer token rejected: %s", MigrateCommand.oneLine(e));
    return unauthorized(
        "invalid_token",
        "the bearer token was rejected: expired, not yet valid, wrong issuer or audience,"
            + " or not signed by the issuer",
        "Bearer realm=\"preferences\", error=\"invalid_token\"");
  }

  private static Response unauthorized(String code, String message, String challenge) {
    return Response.fromResponse(JsonErrors.of(401, code, message))
        .header(HttpHeaders.WWW_AUTHENTICATE, challenge)
        .build();
  }
}
