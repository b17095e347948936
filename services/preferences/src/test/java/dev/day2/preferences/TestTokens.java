package dev.day2.preferences;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.function.UnaryOperator;

/**
 * Tokens the tests sign themselves: a key pair made for this test JVM (never a key from git), the
 * issuer and audience the service under test is configured with ({@link JwtResource}), and ways to
 * spoil each part a verifier must check.
 */
public final class TestTokens {
  public static final String ISSUER = "https://auth.test.day2.example/";
  public static final String AUDIENCE = "preferences-test";
  private static final KeyPair KEYS = newKeyPair();
  private static final KeyPair OTHER_KEYS = newKeyPair();
  private static Path publicKeyFile;

  private TestTokens() {}

  /**
   * A token the service accepts: right issuer, audience and key, valid for five minutes, of a
   * service client with the admin scope, so it may touch any user's preferences (the API tests use
   * many users); {@link #forUser} makes an end user's token.
   */
  public static String valid() {
    return sign(c -> c.claim("scope", "preferences:admin"), KEYS.getPrivate());
  }

  /** An end user's token: subject {@code userId}, no scope. */
  public static String forUser(String userId) {
    return sign(c -> c.subject(userId), KEYS.getPrivate());
  }

  /** A valid token with this subject and scope claim (null: none). */
  public static String with(String subject, String scope) {
    return sign(
        c -> {
          JwtClaimsBuilder claims = subject == null ? c.remove("sub") : c.subject(subject);
          return scope == null ? claims : claims.claim("scope", scope);
        },
        KEYS.getPrivate());
  }

  /** A REST Assured request that carries {@code token} as its bearer token. */
  public static io.restassured.specification.RequestSpecification as(String token) {
    return io.restassured.RestAssured.given().header("Authorization", "Bearer " + token);
  }

  /** {@code Bearer <valid token>}. */
  public static String bearer() {
    return "Bearer " + valid();
  }

  public static String expired() {
    Instant past = Instant.now().minus(Duration.ofHours(1));
    return sign(c -> c.issuedAt(past.minusSeconds(300)).expiresAt(past), KEYS.getPrivate());
  }

  public static String wrongIssuer() {
    return sign(c -> c.issuer("https://someone-else.example/"), KEYS.getPrivate());
  }

  public static String wrongAudience() {
    return sign(c -> c.audience("another-api"), KEYS.getPrivate());
  }

  /** Right claims, signed by a key the service does not trust. */
  public static String wrongKey() {
    return sign(UnaryOperator.identity(), OTHER_KEYS.getPrivate());
  }

  /** The public key as the one-line base64 DER {@code JWT_PUBLIC_KEY} accepts. */
  public static String publicKeyBase64() {
    return Base64.getEncoder().encodeToString(KEYS.getPublic().getEncoded());
  }

  /** The public key the service trusts. */
  public static java.security.PublicKey publicKey() {
    return KEYS.getPublic();
  }

  /** A valid token (no scope) of {@code subject} that expires in {@code lifetime}. */
  public static String expiringIn(String subject, Duration lifetime) {
    return sign(c -> c.subject(subject).expiresIn(lifetime), KEYS.getPrivate());
  }

  /** The public key as a PEM file, for {@code JWT_PUBLIC_KEY_LOCATION}. */
  public static synchronized Path publicKeyFile() {
    if (publicKeyFile == null) {
      publicKeyFile = pemFile("preferences-jwt-", "PUBLIC KEY", KEYS.getPublic().getEncoded());
    }
    return publicKeyFile;
  }

  /**
   * The private key as a PKCS#8 PEM file, for jwt-token.sh. No key is ever in the repository: the
   * pair is generated when this class loads, and the file is a temporary one deleted at exit.
   */
  public static Path privateKeyFile() {
    return pemFile("preferences-jwt-private-", "PRIVATE KEY", KEYS.getPrivate().getEncoded());
  }

  private static Path pemFile(String prefix, String type, byte[] der) {
    try {
      Path file = Files.createTempFile(prefix, ".pem");
      file.toFile().deleteOnExit();
      String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
      Files.writeString(
          file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sign(UnaryOperator<JwtClaimsBuilder> spoil, PrivateKey key) {
    JwtClaimsBuilder claims =
        Jwt.issuer(ISSUER)
            .audience(AUDIENCE)
            .subject("test-client")
            .issuedAt(Instant.now())
            .expiresIn(Duration.ofMinutes(5));
    return spoil
        .apply(claims)
        .jws()
        .algorithm(io.smallrye.jwt.algorithm.SignatureAlgorithm.RS256)
        .sign(key);
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
