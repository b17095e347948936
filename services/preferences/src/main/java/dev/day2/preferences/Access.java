package dev.day2.preferences;

import java.util.Arrays;
import java.util.Objects;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Whose preferences a token may touch (docs/adr/0094): a user's token ({@code sub}) only that
 * user's, {@code /v1/users/<sub>/...}; a service client (the consent UI's backend, support tools)
 * any user's when the token carries the scope {@value #ADMIN_SCOPE} in its space-separated OAuth
 * {@code scope} claim. Anything else is a 403 JSON answer saying which rule it broke. The
 * pipeline's smoke test needs no scope: its client's tokens have {@code sub} {@code
 * pipeline-smoke-test}, the user it reads.
 */
final class Access {
  static final String ADMIN_SCOPE = "preferences:admin";

  private Access() {}

  /**
   * Returns normally when {@code token} may read and write {@code userId}'s preferences. The
   * subject is compared first: reading the non-standard {@code scope} claim costs SmallRye JWT a
   * thrown and caught exception per call (it looks the name up in the standard claims' enum), and
   * most calls are a user's own.
   */
  static void check(JsonWebToken token, String userId) {
    String subject = token.getSubject();
    if (subject != null && subject.equals(userId)) {
      return;
    }
    if (hasScope(token.getClaim("scope"), ADMIN_SCOPE)) {
      return;
    }
    if (subject == null || subject.isBlank()) {
      throw new ApiError(
          403,
          "forbidden",
          "the bearer token has no subject (sub) and no " + ADMIN_SCOPE + " scope");
    }
    throw new ApiError(
        403,
        "forbidden",
        "the bearer token's subject may only access its own preferences (/v1/users/<sub>);"
            + " another user's need the "
            + ADMIN_SCOPE
            + " scope");
  }

  /**
   * {@code userId}, when it is well-formed (else a 400 naming it) and one {@code token} may touch
   * (else the 403 of {@link #check}): the first check of every call under {@code /v1/users/}.
   */
  static String user(JsonWebToken token, String userId) {
    Ids.check("userId", userId);
    check(token, userId);
    return userId;
  }

  private static boolean hasScope(Object claim, String wanted) {
    String scopes = claim == null ? "" : Objects.toString(unquote(claim));
    return Arrays.asList(scopes.trim().split("\\s+")).contains(wanted);
  }

  /** SmallRye hands a string claim back as a String or a JSON string value. */
  private static Object unquote(Object claim) {
    return claim instanceof jakarta.json.JsonString s ? s.getString() : claim;
  }
}
