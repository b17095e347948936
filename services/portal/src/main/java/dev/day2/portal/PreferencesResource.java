package dev.day2.portal;

import dev.day2.common.JsonErrors;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.Function;

/**
 * {@code GET /api/users/{userId}/preferences}, {@code PUT
 * /api/users/{userId}/preferences/{purpose}} and {@code GET
 * /api/users/{userId}/preference-history}: the preferences API's own paths under {@code /api}, so
 * the user id follows a {@code users} segment and no access log keeps it (ADR 0136). Through the
 * backend, with the caller's {@code Authorization} header passed on unchanged (the user pastes
 * their own token; the portal holds none, docs/adr/0087). Status and JSON body are the API's own.
 */
@Path("/api/users/{userId}")
public class PreferencesResource {
  static final String ID = "[A-Za-z0-9._:-]{1,128}";

  record Consent(boolean enabled) {}

  private final PortalSettings settings;
  private final Backends backends;

  PreferencesResource(PortalSettings settings, Backends backends) {
    this.settings = settings;
    this.backends = backends;
  }

  @GET
  @Path("/preferences")
  @Produces(MediaType.APPLICATION_JSON)
  public Response list(
      @PathParam("userId") String userId,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
    if (!userId.matches(ID)) {
      return invalid("invalid_user_id", "userId");
    }
    return forward(
        base -> Backends.to(base, "/v1/users/" + userId + "/preferences").GET(), authorization);
  }

  /** The user's consent history, oldest first (the preferences API's, ADR 0137). */
  @GET
  @Path("/preference-history")
  @Produces(MediaType.APPLICATION_JSON)
  public Response history(
      @PathParam("userId") String userId,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
    if (!userId.matches(ID)) {
      return invalid("invalid_user_id", "userId");
    }
    return forward(
        base -> Backends.to(base, "/v1/users/" + userId + "/preference-history").GET(),
        authorization);
  }

  @PUT
  @Path("/preferences/{purpose}")
  @Produces(MediaType.APPLICATION_JSON)
  public Response put(
      @PathParam("userId") String userId,
      @PathParam("purpose") String purpose,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      Consent consent) {
    if (!userId.matches(ID)) {
      return invalid("invalid_user_id", "userId");
    }
    if (!purpose.matches(ID)) {
      return invalid("invalid_purpose", "purpose");
    }
    if (consent == null) {
      return JsonErrors.of(400, "invalid_body", "send {\"enabled\": true|false}");
    }
    String body = "{\"enabled\":" + consent.enabled() + "}";
    return forward(
        base ->
            Backends.to(base, "/v1/users/" + userId + "/preferences/" + purpose)
                .header("Content-Type", MediaType.APPLICATION_JSON)
                .PUT(HttpRequest.BodyPublishers.ofString(body)),
        authorization);
  }

  private Response forward(Function<URI, HttpRequest.Builder> request, String authorization) {
    Function<URI, HttpRequest.Builder> withAuth =
        authorization == null || authorization.isBlank()
            ? request
            : base -> request.apply(base).header(HttpHeaders.AUTHORIZATION, authorization);
    try {
      HttpResponse<String> answer = backends.send("preferences", settings.preferences(), withAuth);
      return Response.status(answer.statusCode())
          .entity(answer.body())
          .type(MediaType.APPLICATION_JSON)
          .build();
    } catch (Backends.Unreachable e) {
      return e.response();
    }
  }

  private static Response invalid(String error, String what) {
    return JsonErrors.of(400, error, what + ": 1-128 characters of A-Z a-z 0-9 . _ : -");
  }
}
