package dev.day2.preferences;

import java.util.Optional;
import java.util.function.Function;

/**
 * The bearer-token settings every deployment must give (docs/adr/0068): who issues the tokens
 * ({@code JWT_ISSUER}), who they are for ({@code JWT_AUDIENCE}) and the issuer's public key —
 * inline ({@code JWT_PUBLIC_KEY}: PEM, base64 DER, JWK or JWKS) or where to read it ({@code
 * JWT_PUBLIC_KEY_LOCATION}: a file or the issuer's {@code https://.../jwks.json}). Without an
 * audience SmallRye JWT would accept a token meant for any other API, so none of them is optional.
 */
final class JwtSettings {
  private JwtSettings() {}

  /** The first missing setting, named as its environment variable; empty when all are there. */
  static Optional<String> firstMissing(Function<String, String> settings) {
    for (String name : new String[] {"JWT_ISSUER", "JWT_AUDIENCE"}) {
      if (blank(settings.apply(name))) {
        return Optional.of(name);
      }
    }
    boolean inline = !blank(settings.apply("JWT_PUBLIC_KEY"));
    boolean location = !blank(settings.apply("JWT_PUBLIC_KEY_LOCATION"));
    if (inline == location) { // neither, or both (MicroProfile JWT refuses both)
      return Optional.of("exactly one of JWT_PUBLIC_KEY and JWT_PUBLIC_KEY_LOCATION");
    }
    return Optional.empty();
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
