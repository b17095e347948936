package dev.day2.preferences.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import dev.day2.preferences.migration.DbSettings;
import dev.day2.preferences.migration.MigrationReport;
import dev.day2.preferences.migration.Migrations;
import java.util.Map;
import java.util.function.Function;

/**
 * The migration Lambda: {@code dev.day2.preferences.lambda.MigrationHandler::migrate}, deployed
 * from the same function.zip as the API, inside the VPC, so the pipeline can migrate a database it
 * cannot reach. Runs the same {@link Migrations} as {@code java -jar quarkus-run.jar migrate}.
 *
 * <p>A plain handler method, not a {@code RequestHandler}: Quarkus' Lambda extension binds every
 * {@code RequestHandler} it finds to its own runtime, and this one must start nothing but Flyway.
 * Success returns {@code {"applied": n, "schemaVersion": "v", "summary": "..."}}; failure throws,
 * so {@code aws lambda invoke} reports a {@code FunctionError} with the one-line reason.
 */
public final class MigrationHandler {
  private final Function<String, String> environment;

  public MigrationHandler() {
    this(DatabaseSecret.resolving(System::getenv));
  }

  MigrationHandler(Function<String, String> environment) {
    this.environment = environment;
  }

  /** The event is ignored: there is nothing to choose, migrations always go to the latest. */
  public Map<String, Object> migrate(Map<String, Object> event, Context context) {
    DbSettings db = DbSettings.from(environment);
    try {
      MigrationReport report = Migrations.migrate(db);
      log(context, "migrate: " + report.summary());
      return Map.of(
          "applied", report.applied(),
          "schemaVersion", report.schemaVersion(),
          "summary", report.summary());
    } catch (RuntimeException e) {
      throw new MigrationFailed("migrate: failed on " + db + ": " + firstLine(e), e);
    }
  }

  private static void log(Context context, String line) {
    if (context != null && context.getLogger() != null) {
      context.getLogger().log(line + "\n");
    } else {
      System.out.println(line);
    }
  }

  private static String firstLine(Throwable e) {
    String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    return message.strip().lines().findFirst().orElse(message);
  }

  /** The migration did not complete; its message is the one line the pipeline prints. */
  static final class MigrationFailed extends RuntimeException {
    MigrationFailed(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
