package dev.day2.preferences;

import dev.day2.preferences.migration.DbSettings;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.Optional;

/**
 * The two ways to run the packaged service: no argument serves the API; {@code migrate} applies
 * pending migrations and exits (0, or non-zero with a one-line reason). Either way a missing
 * required setting stops it before anything starts, with one line naming the variable (exit 2).
 */
@QuarkusMain
public final class PreferencesMain {
  private PreferencesMain() {}

  public static void main(String... args) {
    if (args.length > 0 && args[0].equals("migrate")) {
      System.exit(MigrateCommand.run(PreferencesMain::setting, System.out, System.err));
    }
    if (args.length > 0) {
      System.err.println(
          "preferences: unknown command '" + args[0] + "'; use no argument to serve, or 'migrate'");
      System.exit(2);
    }
    Optional<String> missing =
        DbSettings.firstMissing(PreferencesMain::setting)
            .or(() -> JwtSettings.firstMissing(PreferencesMain::setting));
    if (missing.isPresent()) {
      System.err.println("preferences: " + missing.get() + " is required (see the service README)");
      System.exit(2);
    }
    Quarkus.run(args);
  }

  /** A setting from the environment, or a system property of the same name (tests pass those). */
  static String setting(String name) {
    String value = System.getenv(name);
    return value != null ? value : System.getProperty(name);
  }
}
