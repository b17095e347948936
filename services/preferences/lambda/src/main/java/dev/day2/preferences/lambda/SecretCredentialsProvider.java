package dev.day2.preferences.lambda;

import io.quarkus.arc.Unremovable;
import io.quarkus.credentials.CredentialsProvider;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;

/**
 * The API function's database login for every new connection (ADR 0096): Agroal asks a credentials
 * provider each time it opens one, so the login comes from the secret as it is now, not as it was
 * at init or in the SnapStart snapshot, and a Secrets Manager rotation needs no redeploy. Read
 * through the Parameters and Secrets extension ({@link DatabaseSecret}), which caches it for its
 * TTL ({@code SECRETS_MANAGER_TTL}, set by the stack). Without {@code DB_SECRET_ARN}, or with
 * {@code DB_PASSWORD} in the environment, it gives the configured login (tests, other topologies).
 */
@Singleton
@Unremovable
@Named(SecretCredentialsProvider.NAME)
public class SecretCredentialsProvider implements CredentialsProvider {
  public static final String NAME = "database-secret";

  private final Function<String, String> env;
  private final Config config;

  @Inject
  SecretCredentialsProvider(Config config) {
    this(System::getenv, config);
  }

  SecretCredentialsProvider(Function<String, String> env, Config config) {
    this.env = env;
    this.config = config;
  }

  @Override
  public Map<String, String> getCredentials(String credentialsProviderName) {
    String arn = env.apply("DB_SECRET_ARN");
    if (arn == null || arn.isBlank() || env.apply("DB_PASSWORD") != null) {
      return Map.of(
          USER_PROPERTY_NAME,
          config.getOptionalValue("quarkus.datasource.username", String.class).orElse(""),
          PASSWORD_PROPERTY_NAME,
          config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
    }
    Map<String, String> login = DatabaseSecret.fetch(env, arn);
    return Map.of(
        USER_PROPERTY_NAME, login.get("DB_USER"), PASSWORD_PROPERTY_NAME, login.get("DB_PASSWORD"));
  }
}
