package dev.day2.wrpi.api;

import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * HTTP Basic as the original: any user name, the password must equal {@code APP_PASSWORD}. Both
 * sides are hashed first and compared with {@link MessageDigest#isEqual}, so the time taken says
 * nothing about how much of the password was right, nor its length.
 */
@Singleton
class BasicAuth {
  private static final String SCHEME = "basic ";

  private final byte[] expected;

  BasicAuth(@ConfigProperty(name = "APP_PASSWORD") String password) {
    this.expected = sha256(password.getBytes(StandardCharsets.UTF_8));
  }

  /** True when {@code authorization} (the header, may be null) carries the right password. */
  boolean accepts(String authorization) {
    if (authorization == null
        || authorization.length() <= SCHEME.length()
        || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return false;
    }
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(authorization.substring(SCHEME.length()).strip());
    } catch (IllegalArgumentException notBase64) {
      return false;
    }
    int colon = indexOf(decoded, (byte) ':');
    if (colon < 0) {
      return false;
    }
    byte[] given = java.util.Arrays.copyOfRange(decoded, colon + 1, decoded.length);
    return MessageDigest.isEqual(sha256(given), expected);
  }

  private static int indexOf(byte[] bytes, byte wanted) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == wanted) {
        return i;
      }
    }
    return -1;
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
