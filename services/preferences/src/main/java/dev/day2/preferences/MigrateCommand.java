package dev.day2.preferences;

import dev.day2.preferences.migration.AppLogin;
import dev.day2.preferences.migration.AppRole;
import dev.day2.preferences.migration.DbSettings;
import dev.day2.preferences.migration.MigrationReport;
import dev.day2.preferences.migration.Migrations;
import java.io.PrintStream;
import java.util.function.Function;

/**
 * {@code migrate}: applies pending migrations, says what it did in one line, returns the exit code.
 */
final class MigrateCommand {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int BAD_CONFIG = 2;

  private MigrateCommand() {}

  static int run(Function<String, String> settings, PrintStream out, PrintStream err) {
    DbSettings db;
    try {
      db = DbSettings.from(settings);
    } catch (IllegalArgumentException e) {
      err.println("migrate: " + e.getMessage());
      return BAD_CONFIG;
    }
    try {
      MigrationReport report = Migrations.migrate(db);
      out.println("migrate: " + report.summary());
      AppLogin.from(settings).ifPresent(app -> out.println("migrate: " + AppRole.ensure(db, app)));
      return OK;
    } catch (RuntimeException e) {
      err.println("migrate: failed on " + db + ": " + oneLine(e));
      return FAILED;
    }
  }

  /** The first line of the deepest useful message: the pipeline shows one line per failure. */
  static String oneLine(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    String first = message.strip().lines().findFirst().orElse(message);
    if (cause != e && cause.getMessage() != null) {
      first = first + " (" + cause.getMessage().strip().lines().findFirst().orElse("") + ")";
    }
    return first.length() > 400 ? first.substring(0, 400) + "..." : first;
  }
}
