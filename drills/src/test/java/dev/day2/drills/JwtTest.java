package dev.day2.drills;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The drills' token: preferences answers 403 to a token that is neither the user's nor admin. */
class JwtTest {
  @Test
  void theTokenCarriesTheAdminScopeForTheDrillsManyUsers() {
    String[] parts = new Jwt().token().split("\\.");
    assertThat(parts).hasSize(3);
    String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    assertThat(claims)
        .contains("\"scope\":\"preferences:admin\"")
        .contains("\"iss\":\"" + Jwt.ISSUER + "\"")
        .contains("\"aud\":\"" + Jwt.AUDIENCE + "\"");
  }
}
