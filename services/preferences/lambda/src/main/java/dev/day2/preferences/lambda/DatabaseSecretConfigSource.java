package dev.day2.preferences.lambda;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Gives the API function's datasource {@code DB_USER} and {@code DB_PASSWORD} from the database
 * secret ({@link DatabaseSecret}); nothing when {@code DB_SECRET_ARN} is not set (tests, other
 * topologies). Read once, at the first lookup, during the function's init.
 */
public final class DatabaseSecretConfigSource implements ConfigSource {
  private final Function<String, String> env;
  private volatile Map<String, String> login;

  public DatabaseSecretConfigSource() {
    this(System::getenv);
  }

  DatabaseSecretConfigSource(Function<String, String> env) {
    this.env = env;
  }

  private Map<String, String> login() {
    if (login == null) {
      String arn = env.apply("DB_SECRET_ARN");
      login =
          arn == null || arn.isBlank() || env.apply("DB_PASSWORD") != null
              ? Map.of()
              : DatabaseSecret.fetch(env, arn);
    }
    return login;
  }

  @Override
  public Set<String> getPropertyNames() {
    return login().keySet();
  }

  @Override
  public String getValue(String name) {
    return name.equals("DB_USER") || name.equals("DB_PASSWORD") ? login().get(name) : null;
  }

  @Override
  public String getName() {
    return "database-secret";
  }

  @Override
  public int getOrdinal() {
    return 290; // below the environment (300): a DB_PASSWORD set there still wins
  }
}
