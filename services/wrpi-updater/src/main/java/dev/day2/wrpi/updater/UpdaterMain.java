package dev.day2.wrpi.updater;

import dev.day2.redis.RedisSettings;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * {@code wrpi-updater}: stores a new WRPI once and exits 0, or exits non-zero with a one-line
 * reason (1: Redis failed, 2: bad settings or arguments). {@code --loop <seconds>} keeps going, for
 * topologies without a scheduler: a failed round logs one line and the loop goes on.
 */
@QuarkusMain
public class UpdaterMain implements QuarkusApplication {
  static final int REDIS_FAILED = 1;
  static final int BAD_SETTINGS = 2;
  private static final Logger LOG = Logger.getLogger(UpdaterMain.class);

  private final Updater updater;

  UpdaterMain(Updater updater) {
    this.updater = updater;
  }

  /**
   * Checks the Redis settings before Quarkus starts (the Redis client is built at start and would
   * fail with a stack trace on, say, a non-numeric port): one line naming the variable, exit 2.
   */
  public static void main(String... args) {
    Optional<String> problem =
        RedisSettings.problem(RedisSettings::fromSystem)
            .or(() -> Pushgateway.problem(RedisSettings::fromSystem));
    if (problem.isPresent()) {
      System.err.println("wrpi-updater: " + problem.get());
      System.exit(BAD_SETTINGS);
    }
    Quarkus.run(UpdaterMain.class, args);
  }

  @Override
  public int run(String... args) {
    Arguments arguments;
    try {
      arguments = Arguments.parse(args);
    } catch (IllegalArgumentException e) {
      LOG.error("wrpi-updater: " + e.getMessage() + "; usage: wrpi-updater [--loop <seconds>]");
      return BAD_SETTINGS;
    }
    if (arguments.loopSeconds().isEmpty()) {
      return updater.updateOnce() ? 0 : REDIS_FAILED;
    }
    updater.loop(arguments.loopSeconds().getAsInt());
    return 0;
  }
}
