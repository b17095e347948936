package dev.day2.counter;

import dev.day2.redis.RedisSettings;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/** Refuses to start, with one line naming the variable and exit 2, on an unusable Redis setting. */
@QuarkusMain
public class CounterMain {
  private CounterMain() {}

  public static void main(String... args) {
    RedisSettings.problem(RedisSettings::fromSystem)
        .ifPresent(problem -> {
          System.err.println("counter: " + problem);
          System.exit(2);
        });
    Quarkus.run(args);
  }
}
