package dev.day2.preferences;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.day2.common.PlainRoutes;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * {@code GET} and {@code HEAD /v1/users/{userId}/preferences/{purpose}}, the hot call, on a plain
 * Vert.x route instead of {@link PreferenceResource} (ADR 0129): Quarkus' security layer, the
 * request context and RESTEasy around it were two fifths of the service's CPU per read. The
 * resource keeps the path's other methods; {@code OPTIONS} and the 405s list both (service-common's
 * {@code AllowedMethods} reads this route's methods from the router).
 *
 * <p>Every step is the resource's, in its order, with the same answers: the {@code Accept}
 * negotiation (JSON only: 406, or 400 when malformed); the bearer token from {@code Authorization:
 * Bearer}, verified by the service's own {@link VerifiedTokens} over SmallRye JWT's parser with the
 * same {@code mp.jwt.verify.*} settings, 401 with the RFC 6750 challenge ({@link
 * AuthErrorMappers}); the user id (400), {@link Access} (403), the purpose (400); the read, batched
 * ({@link ReadBatcher}): 200, 404, or 503 with {@code Retry-After} ({@link ApiErrorMappers}).
 * Anything else is {@link PlainRoutes}' JSON 500. A token this replica has not verified yet is
 * verified on a virtual thread, never on the event loop (the issuer's keys may be fetched over the
 * network); a known one, the common case, costs a map lookup.
 */
@Singleton
class PreferenceReadRoute {
  static final String PATH = "/v1/users/:userId/preferences/:purpose";
  private static final String BEARER = "Bearer";
  private static final String MISSING = Json.encode(AuthErrorMappers.MISSING);
  private static final String REJECTED = Json.encode(AuthErrorMappers.REJECTED);
  private static final String UNAVAILABLE = Json.encode(ApiErrorMappers.STORE_UNAVAILABLE);
  private static final String JSON_UTF8 = "application/json;charset=UTF-8";

  private final VerifiedTokens tokens;
  private final ReadBatcher reads;
  private final ObjectMapper json;
  private final ExecutorService verifier =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("token-verifier").factory());

  PreferenceReadRoute(VerifiedTokens tokens, ReadBatcher reads, ObjectMapper json) {
    this.tokens = tokens;
    this.reads = reads;
    this.json = json;
  }

  void register(@Observes Router router) {
    PlainRoutes.getAndHead(router, PATH, this::read);
  }

  private void read(RoutingContext context) {
    if (!PlainRoutes.acceptsJson(context)) {
      return;
    }
    String token = bearerToken(context.request().getHeader(HttpHeaders.AUTHORIZATION));
    if (token == null) {
      unauthorized(context.response(), MISSING, AuthErrorMappers.MISSING_CHALLENGE);
      return;
    }
    JsonWebToken known = tokens.cached(token);
    if (known != null) {
      authorized(context, known);
      return;
    }
    CompletableFuture.supplyAsync(() -> verify(token), verifier)
        .whenComplete((verified, failure) ->
            PlainRoutes.onRequestContext(
                context,
                () -> {
                  if (failure != null) {
                    context.fail(failure);
                  } else if (verified.isEmpty()) {
                    unauthorized(context.response(), REJECTED, AuthErrorMappers.REJECTED_CHALLENGE);
                  } else {
                    authorized(context, verified.get());
                  }
                }));
  }

  /**
   * The token of an {@code Authorization: Bearer <token>} header (the scheme in any case), or null
   * when there is none, as SmallRye JWT's mechanism reads it for the resource.
   */
  static String bearerToken(String authorization) {
    if (authorization == null
        || authorization.length() <= BEARER.length() + 1
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
        || authorization.charAt(BEARER.length()) != ' ') {
      return null;
    }
    String token = authorization.substring(BEARER.length() + 1).trim();
    return token.isEmpty() ? null : token;
  }

  /** The verified token, or empty when it was rejected (the reason logged). */
  private Optional<JsonWebToken> verify(String token) {
    try {
      return Optional.of(tokens.parse(token));
    } catch (io.smallrye.jwt.auth.principal.ParseException e) {
      AuthErrorMappers.logRejected(e);
      return Optional.empty();
    }
  }

  private void authorized(RoutingContext context, JsonWebToken token) {
    String userId = context.pathParam("userId");
    String purpose = context.pathParam("purpose");
    try {
      Access.user(token, userId);
      Ids.check("purpose", purpose);
    } catch (ApiError e) {
      error(context.response(), e);
      return;
    }
    reads
        .find(userId, purpose)
        .whenComplete((found, failure) ->
            PlainRoutes.onRequestContext(
                context,
                () -> {
                  Throwable cause =
                      failure instanceof CompletionException c ? c.getCause() : failure;
                  if (cause instanceof StoreUnavailable unavailable) {
                    ApiErrorMappers.logUnavailable(unavailable);
                    HttpServerResponse response = context.response();
                    response.putHeader(
                        HttpHeaders.RETRY_AFTER, ApiErrorMappers.RETRY_AFTER_SECONDS);
                    PlainRoutes.json(response, 503, UNAVAILABLE);
                  } else if (cause != null) {
                    context.fail(cause);
                  } else if (found.isPresent()) {
                    ok(context.response(), found.get());
                  } else {
                    error(
                        context.response(),
                        new ApiError(
                            404,
                            "not_found",
                            "user " + userId + " has no preference for purpose " + purpose));
                  }
                }));
  }

  private void ok(HttpServerResponse response, Preference preference) {
    if (response.closed()) {
      return; // the client left
    }
    String body;
    try {
      body = json.writeValueAsString(preference);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e); // two strings, a boolean and an instant: cannot happen
    }
    response.putHeader(HttpHeaders.CONTENT_TYPE, JSON_UTF8).end(body);
  }

  private static void unauthorized(HttpServerResponse response, String body, String challenge) {
    response.putHeader("WWW-Authenticate", challenge);
    PlainRoutes.json(response, 401, body);
  }

  private static void error(HttpServerResponse response, ApiError e) {
    PlainRoutes.json(response, e.status(), Json.encode(ApiErrorMappers.body(e)));
  }
}
