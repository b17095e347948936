package dev.day2.local;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/**
 * The bearer tokens preferences asks for under {@code make run} (docs/adr/0068): a key pair made
 * for this run under {@code .run/jwt/} (removed with the rest at Ctrl-C), the service configured to
 * trust its public key, and one signed token printed once, as {@link WrpiPassword} prints the wrpi
 * password. With {@code JWT_ISSUER} and a key ({@code JWT_PUBLIC_KEY[_LOCATION]}) in the
 * environment, those are passed on instead and nothing is made or printed.
 */
final class LocalTokenIssuer {
  static final String ISSUER = "https://auth.day2.localhost/";
  static final String AUDIENCE = "preferences";
  static final Duration LIFETIME = Duration.ofHours(12);
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  private final Map<String, String> env;
  private final String token;

  private LocalTokenIssuer(Map<String, String> env, String token) {
    this.env = env;
    this.token = token;
  }

  /** The environment preferences gets: {@code JWT_ISSUER}, {@code JWT_AUDIENCE} and the key. */
  Map<String, String> env() {
    return env;
  }

  /** The token printed for this run; null when the environment brought its own issuer. */
  String token() {
    return token;
  }

  static LocalTokenIssuer start(Path dataDir, Map<String, String> given, PrintStream console)
      throws IOException {
    if (given.containsKey("JWT_ISSUER")
        && (given.containsKey("JWT_PUBLIC_KEY") || given.containsKey("JWT_PUBLIC_KEY_LOCATION"))) {
      Map<String, String> passed = new java.util.HashMap<>();
      for (String name :
          new String[] {
            "JWT_ISSUER", "JWT_AUDIENCE", "JWT_PUBLIC_KEY", "JWT_PUBLIC_KEY_LOCATION"
          }) {
        if (given.get(name) != null) {
          passed.put(name, given.get(name));
        }
      }
      passed.putIfAbsent("JWT_AUDIENCE", AUDIENCE);
      console.println("preferences: using the token issuer " + given.get("JWT_ISSUER"));
      return new LocalTokenIssuer(Map.copyOf(passed), null);
    }
    KeyPair keys = newKeyPair();
    Path dir = Files.createDirectories(dataDir.resolve("jwt"));
    Path publicKey = dir.resolve("public.pem");
    Files.writeString(publicKey, pem("PUBLIC KEY", keys.getPublic().getEncoded()));
    Path privateKey = dir.resolve("private.pem");
    Files.writeString(privateKey, pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
    Files.setPosixFilePermissions(privateKey, PosixFilePermissions.fromString("rw-------"));
    String token = sign(keys.getPrivate(), "make-run", Instant.now(), LIFETIME);
    console.println(
        "preferences: this run's bearer token ("
            + LIFETIME.toHours()
            + " h; key in "
            + dir
            + ") is "
            + token);
    console.println(
        "preferences: curl -H \"Authorization: Bearer $TOKEN\" localhost:"
            + Services.port("preferences")
            + "/v1/users/u1/preferences");
    return new LocalTokenIssuer(
        Map.of(
            "JWT_ISSUER", ISSUER,
            "JWT_AUDIENCE", AUDIENCE,
            "JWT_PUBLIC_KEY_LOCATION", publicKey.toString()),
        token);
  }

  /** An RS256 JWT for {@code subject} from {@link #ISSUER} to {@link #AUDIENCE}. */
  static String sign(PrivateKey key, String subject, Instant now, Duration lifetime) {
    String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
    String claims =
        String.format(
            // the preferences:admin scope: a developer's token may touch any user (ADR 0094)
            "{\"iss\":\"%s\",\"aud\":\"%s\",\"sub\":\"%s\",\"iat\":%d,\"exp\":%d,"
                + "\"scope\":\"preferences:admin\"}",
            ISSUER, AUDIENCE, subject, now.getEpochSecond(), now.plus(lifetime).getEpochSecond());
    String signingInput = b64(header) + "." + b64(claims);
    try {
      Signature rs256 = Signature.getInstance("SHA256withRSA");
      rs256.initSign(key);
      rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + URL.encodeToString(rs256.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a token: " + e.getMessage(), e);
    }
  }

  static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String b64(String json) {
    return URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
