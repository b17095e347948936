package dev.day2.preferences.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import dev.day2.preferences.migration.AppLogin;
import dev.day2.preferences.migration.AppRole;
import dev.day2.preferences.migration.DbSettings;
import dev.day2.preferences.migration.MigrationReport;
import dev.day2.preferences.migration.Migrations;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The migration Lambda: {@code dev.day2.preferences.lambda.MigrationHandler::migrate}, deployed
 * from the same function.zip as the API, inside the VPC, so the pipeline can migrate a database it
 * cannot reach. Runs the same {@link Migrations} as {@code java -jar quarkus-run.jar migrate}.
 *
 * <p>A plain handler method, not a {@code RequestHandler}: Quarkus' Lambda extension binds every
 * {@code RequestHandler} it finds to its own runtime, and this one must start nothing but Flyway.
 * After the migrations it makes or updates the API's least-privilege login ({@link AppRole}).
 * Success returns {@code {"applied": n, "schemaVersion": "v", "summary": "...", "appLogin":
 * "..."}}; failure throws, so {@code aws lambda invoke} reports a {@code FunctionError} with the
 * one-line reason.
 */
public final class MigrationHandler {
  private final Function<String, String> environment;

  public MigrationHandler() {
    this(System::getenv);
  }

  MigrationHandler(Function<String, String> environment) {
    this.environment = environment;
  }

  /** The event is ignored: there is nothing to choose, migrations always go to the latest. */
  public Map<String, Object> migrate(Map<String, Object> event, Context context) {
    // The secret is read on every invocation, not once per environment: rotation (ADR 0096)
    // changes the master's password between two pipeline runs.
    Function<String, String> resolved = DatabaseSecret.resolving(environment);
    DbSettings db = DbSettings.from(resolved);
    try {
      MigrationReport report = Migrations.migrate(db);
      log(context, "migrate: " + report.summary());
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("applied", report.applied());
      result.put("schemaVersion", report.schemaVersion());
      result.put("summary", report.summary());
      Optional<AppLogin> app = appLogin();
      if (app.isPresent()) {
        String line = AppRole.ensure(db, app.get());
        log(context, "migrate: " + line);
        result.put("appLogin", line);
      }
      return result;
    } catch (RuntimeException e) {
      throw new MigrationFailed("migrate: failed on " + db + ": " + firstLine(e), e);
    }
  }

  /**
   * The API's login (ADR 0095): from its secret ({@code APP_DB_SECRET_ARN}, what the stack sets),
   * else {@code APP_DB_USER}/{@code APP_DB_PASSWORD}; none: the API shares this login.
   */
  private Optional<AppLogin> appLogin() {
    String arn = environment.apply("APP_DB_SECRET_ARN");
    if (arn != null && !arn.isBlank()) {
      Map<String, String> login = DatabaseSecret.fetch(environment, arn);
      return Optional.of(new AppLogin(login.get("DB_USER"), login.get("DB_PASSWORD")));
    }
    return AppLogin.from(environment);
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
