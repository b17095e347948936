package dev.day2.drills;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/**
 * The drills' own token issuer for preferences (which needs a bearer JWT on /v1): an RSA key made
 * for this run, its public key handed to the replicas in JWT_PUBLIC_KEY, one RS256 token.
 */
final class Jwt {
  static final String ISSUER = "https://drills.day2.invalid";
  static final String AUDIENCE = "preferences";

  private final KeyPair keys;

  Jwt() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      keys = generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * What preferences reads to verify tokens (services/preferences README): the public key as a PEM
   * file in {@code dir}, named by JWT_PUBLIC_KEY_LOCATION.
   */
  Map<String, String> serviceEnv(Path dir) throws IOException {
    String pem =
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(keys.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----";
    Path file = Files.writeString(dir.resolve("jwt-public-key.pem"), pem + "\n");
    return Map.of(
        "JWT_ISSUER", ISSUER, "JWT_AUDIENCE", AUDIENCE, "JWT_PUBLIC_KEY_LOCATION", file.toString());
  }

  /**
   * A token valid for two hours, with the {@code preferences:admin} scope: the drills' load writes
   * and reads many users' preferences, as a service client does (ADR 0094), not one user's own.
   */
  String token() {
    long now = Instant.now().getEpochSecond();
    String header = b64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}");
    String claims =
        b64(
            "{\"iss\":\"%s\",\"aud\":\"%s\",\"sub\":\"drills\",\"upn\":\"drills\",\"scope\":\"preferences:admin\",\"iat\":%d,\"exp\":%d}"
                .formatted(ISSUER, AUDIENCE, now, now + 7200));
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(keys.getPrivate());
      rsa.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
      return header
          + "."
          + claims
          + "."
          + Base64.getUrlEncoder().withoutPadding().encodeToString(rsa.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
