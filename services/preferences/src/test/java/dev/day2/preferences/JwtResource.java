package dev.day2.preferences;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Configures the service under test (in-process or the packaged jar) to trust {@link TestTokens}:
 * the same three variables a deployment sets, the key as a PEM file.
 */
public class JwtResource implements QuarkusTestResourceLifecycleManager {
  @Override
  public Map<String, String> start() {
    return Map.of(
        "JWT_ISSUER", TestTokens.ISSUER,
        "JWT_AUDIENCE", TestTokens.AUDIENCE,
        "JWT_PUBLIC_KEY_LOCATION", TestTokens.publicKeyFile().toString());
  }

  @Override
  public void stop() {
    // the key file goes when the test JVM exits
  }
}
