package dev.day2.wrpi.api;

import dev.day2.redis.RedisSettings;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Refuses to start, with one line naming the variable and exit code 2, when {@code APP_PASSWORD} is
 * missing (the original then answered 401 to everyone) or a Redis setting is unusable.
 */
@QuarkusMain
public class ApiMain {
  private ApiMain() {}

  public static void main(String... args) {
    Optional<String> problem = problem(RedisSettings::fromSystem);
    if (problem.isPresent()) {
      System.err.println("wrpi-api: " + problem.get());
      System.exit(2);
    }
    Quarkus.run(args);
  }

  static Optional<String> problem(UnaryOperator<String> lookup) {
    String password = lookup.apply("APP_PASSWORD");
    if (password == null || password.isBlank()) {
      return Optional.of("APP_PASSWORD is required: the password clients must send (HTTP Basic)");
    }
    return RedisSettings.problem(lookup);
  }
}
