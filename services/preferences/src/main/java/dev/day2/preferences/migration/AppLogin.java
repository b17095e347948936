package dev.day2.preferences.migration;

import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The API's own database login (docs/adr/0095): a role that may read and write the service's rows
 * and nothing else, distinct from the migration login that owns the schema.
 *
 * @param user a plain PostgreSQL identifier (lower case, digits, underscore), so it is safe to
 *     quote
 * @param password its password when the role has to be created
 */
public record AppLogin(String user, String password) {
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  public AppLogin {
    if (user == null || !IDENTIFIER.matcher(user).matches()) {
      throw new IllegalArgumentException(
          "the app database user must match " + IDENTIFIER.pattern() + ", not '" + user + "'");
    }
    if (password == null || password.isEmpty()) {
      throw new IllegalArgumentException("the app database user " + user + " needs a password");
    }
  }

  /**
   * {@code APP_DB_USER} and {@code APP_DB_PASSWORD} when set (the migrate command, tests); empty
   * when not: then there is one login, as in dev and Compose.
   */
  public static Optional<AppLogin> from(Function<String, String> settings) {
    String user = settings.apply("APP_DB_USER");
    if (user == null || user.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(new AppLogin(user, settings.apply("APP_DB_PASSWORD")));
  }

  @Override
  public String toString() { // never print the password
    return "AppLogin[" + user + "]";
  }
}
