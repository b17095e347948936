package dev.day2.preferences;

import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code /v1/users/{userId}/preference-history[?purpose=…]}: every recorded change of a user's
 * preferences, oldest first (ADR 0137): the proof of when a consent was given or withdrawn and by
 * whom, and, with the list, the user's export. The same token rules as the preferences themselves
 * ({@link Access}). Not below {@code /preferences/}: any name there is a purpose.
 */
@Authenticated
@Path("/v1/users/{userId}/preference-history")
@Produces(MediaType.APPLICATION_JSON)
public class PreferenceHistoryResource {
  private final PreferenceStore store;
  private final JsonWebToken token;

  PreferenceHistoryResource(PreferenceStore store, JsonWebToken token) {
    this.store = store;
    this.token = token;
  }

  @GET
  @APIResponse(responseCode = "400", description = "userId or purpose is not a valid id")
  @APIResponse(responseCode = "401", description = "no bearer token, or one that was rejected")
  @APIResponse(
      responseCode = "403",
      description = "the token's sub is not {userId} and it lacks the preferences:admin scope")
  @Operation(
      summary =
          "Every recorded change of a user's preferences, oldest first: enabled is the value the"
              + " change left (null: removed), changedBy the caller's token subject (an empty"
              + " list when none; erasure deletes it)")
  @RunOnVirtualThread
  public List<PreferenceEvent> history(
      @PathParam("userId") String userId,
      @Parameter(description = "only this purpose's changes") @QueryParam("purpose")
          String purpose) {
    return store.history(
        Access.user(token, userId), purpose == null ? null : Ids.check("purpose", purpose));
  }
}
