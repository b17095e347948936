package dev.day2.preferences;

import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code /v1/users/{userId}/preferences[/{purpose}]}: read, set and remove consent preferences.
 * Every call needs a bearer JWT from the configured issuer for the configured audience ({@link
 * JwtSettings}); a missing or bad one is a 401 JSON answer ({@link AuthErrorMappers}). A valid
 * token reaches only its own subject's preferences unless it carries the admin scope ({@link
 * Access}): otherwise 403 JSON.
 *
 * <p>Reading one preference, the hot call, is not here: {@link PreferenceReadRoute} serves it on a
 * plain Vert.x route (ADR 0129), its read batched with the reads around it ({@link ReadBatcher},
 * ADR 0122), and {@code META-INF/openapi.yaml} describes it. The calls here run their JDBC
 * statement on a virtual thread (ADR 0118).
 */
@Authenticated
@Path("/v1/users/{userId}/preferences")
@Produces(MediaType.APPLICATION_JSON)
public class PreferenceResource {
  private final PreferenceStore store;
  private final Clock clock;
  private final int maxBodyBytes;
  private final JsonWebToken token;

  PreferenceResource(
      PreferenceStore store,
      Clock clock,
      @ConfigProperty(name = "preferences.max-body-bytes") int maxBodyBytes,
      JsonWebToken token) {
    this.store = store;
    this.clock = clock;
    this.maxBodyBytes = maxBodyBytes;
    this.token = token;
  }

  /** The user id, well-formed (else 400) and one the caller's token may touch (else 403). */
  private String user(String userId) {
    return Access.user(token, userId);
  }

  @GET
  @APIResponse(responseCode = "401", description = "no bearer token, or one that was rejected")
  @APIResponse(
      responseCode = "403",
      description = "the token's sub is not {userId} and it lacks the preferences:admin scope")
  @Operation(summary = "All of a user's preferences, by purpose (an empty list when none)")
  @RunOnVirtualThread
  public List<Preference> list(@PathParam("userId") String userId) {
    return store.list(user(userId));
  }

  @DELETE
  @APIResponse(responseCode = "401", description = "no bearer token, or one that was rejected")
  @APIResponse(
      responseCode = "403",
      description = "the token's sub is not {userId} and it lacks the preferences:admin scope")
  @Operation(
      summary =
          "Erases every preference of a user and their whole history (the right to erasure);"
              + " 204 whether or not there were any")
  @RunOnVirtualThread
  public Response deleteAll(@PathParam("userId") String userId) {
    store.deleteAll(user(userId));
    return Response.noContent().build();
  }

  @PUT
  @Path("/{purpose}")
  @Consumes(MediaType.APPLICATION_JSON)
  @APIResponse(responseCode = "401", description = "no bearer token, or one that was rejected")
  @APIResponse(
      responseCode = "403",
      description = "the token's sub is not {userId} and it lacks the preferences:admin scope")
  @Operation(
      summary =
          "Sets a preference (idempotent upsert); body {\"enabled\": true|false}; a change is"
              + " recorded in the history")
  @RunOnVirtualThread
  public Preference put(
      @PathParam("userId") String userId,
      @PathParam("purpose") String purpose,
      @RequestBody(description = "exactly {\"enabled\": true} or {\"enabled\": false}")
          byte[] body) {
    user(userId);
    Ids.check("purpose", purpose);
    boolean enabled = PreferenceBody.enabled(body, maxBodyBytes);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    return store.upsert(userId, purpose, enabled, now, token.getSubject());
  }

  @DELETE
  @Path("/{purpose}")
  @APIResponse(responseCode = "401", description = "no bearer token, or one that was rejected")
  @APIResponse(
      responseCode = "403",
      description = "the token's sub is not {userId} and it lacks the preferences:admin scope")
  @Operation(
      summary =
          "Removes a preference; 204 whether or not it existed; a removal is recorded in the"
              + " history")
  @RunOnVirtualThread
  public Response delete(@PathParam("userId") String userId, @PathParam("purpose") String purpose) {
    store.delete(user(userId), Ids.check("purpose", purpose), token.getSubject());
    return Response.noContent().build();
  }
}
