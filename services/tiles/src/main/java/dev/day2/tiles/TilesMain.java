package dev.day2.tiles;

import dev.day2.common.DurationSetting;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Refuses to start, with one line naming the variable (exit 2), when a setting the chosen source
 * needs is missing or a store timeout is not a duration above zero; otherwise serves the API.
 */
@QuarkusMain
public final class TilesMain {
  private TilesMain() {}

  public static void main(String... args) {
    Optional<String> problem = firstProblem(TilesMain::setting);
    if (problem.isPresent()) {
      System.err.println("tiles: " + problem.get());
      System.exit(2);
    }
    Quarkus.run(args);
  }

  /** What is wrong with the settings, or empty when the service can start. */
  static Optional<String> firstProblem(UnaryOperator<String> settings) {
    String source = Optional.ofNullable(settings.apply("TILES_SOURCE")).orElse("postgres");
    List<String> required =
        switch (source) {
          case "postgres" -> List.of("DB_HOST", "DB_USER", "DB_PASSWORD");
          case "bigquery" -> List.of("TILES_BIGQUERY_PROJECT");
          default -> null;
        };
    if (required == null) {
      return Optional.of("TILES_SOURCE must be postgres or bigquery, not '" + source + "'");
    }
    return required.stream()
        .filter(name -> settings.apply(name) == null || settings.apply(name).isBlank())
        .findFirst()
        .map(name -> name + " is required when TILES_SOURCE=" + source + " (see the README)")
        .or(() ->
            DurationSetting.problem("TILES_SOURCE_TIMEOUT", settings.apply("TILES_SOURCE_TIMEOUT")))
        .or(() ->
            DurationSetting.problem("TILES_TABLE_TIMEOUT", settings.apply("TILES_TABLE_TIMEOUT")));
  }

  /** A setting from the environment, or a system property of the same name (tests pass those). */
  static String setting(String name) {
    String value = System.getenv(name);
    return value != null ? value : System.getProperty(name);
  }
}
