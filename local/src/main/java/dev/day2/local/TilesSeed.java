package dev.day2.local;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar tools/tileset-builder/target/tileset-builder.jar seed}, once, before the tiles
 * replicas start: the same one-shot job compose ({@code tiles-seed}) and the dev cluster (Job
 * {@code tiles-seed}) run, on tiles' database. It creates the tables and loads the Monaco sample
 * unless it is there; the tiles service itself never builds or loads a tileset.
 */
final class TilesSeed {
  static final String MODULE = "tools/tileset-builder";
  static final String NAME = "tiles-seed";
  private static final Duration TIMEOUT = Duration.ofMinutes(3);

  private TilesSeed() {}

  static Path jar(Path root) {
    return root.resolve(MODULE).resolve("target/tileset-builder.jar");
  }

  /** Runs the seed with {@code database} (DB_*) and returns when it exited 0; throws otherwise. */
  static void run(RunnerConfig config, Map<String, String> database, PrintStream console)
      throws IOException {
    Path jar = jar(config.root());
    if (!Files.exists(jar)) {
      throw new IllegalStateException(
          jar + " is missing: ./mvnw -DskipTests package -pl " + MODULE + " -am");
    }
    List<String> command =
        List.of(
            config.javaBinary(),
            // protobuf (under the MVT encoder) uses sun.misc.Unsafe: no warning lines at every run
            "--sun-misc-unsafe-memory-access=allow",
            "-jar",
            jar.toString(),
            "seed");
    ManagedProcess process =
        ManagedProcess.start(
            NAME, command, database, config.logDir().resolve(NAME + ".log"), console);
    if (!process.awaitExit(Instant.now().plus(TIMEOUT))) {
      process.stop(Duration.ofSeconds(5));
      throw new IllegalStateException(
          NAME + " did not finish within " + TIMEOUT.toMinutes() + " min");
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          NAME + " failed (exit " + process.exitValue() + ", see its line above)");
    }
  }
}
