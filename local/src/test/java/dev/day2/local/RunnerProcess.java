package dev.day2.local;

import dev.day2.testing.process.TestProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code make run} runner as a real child process of a test, on process-testing's {@link
 * TestProcess}: its output collected line by line, readiness its {@code ready} line, stopped the
 * way Ctrl-C stops it (SIGINT, then after 60 s KILL of the runner and every replica it started).
 * Shared with other modules' end-to-end tests through this module's test-jar.
 */
public final class RunnerProcess implements AutoCloseable {
  public final TestProcess runner;
  public final Process process;

  /** Every line the runner printed so far (live). */
  public final List<String> output;

  private RunnerProcess(TestProcess runner) {
    this.runner = runner;
    this.process = runner.process();
    this.output = runner.lines();
  }

  static RunnerProcess start(Map<String, String> env) {
    return start(home(), env);
  }

  /** Starts the runner of the repository at {@code home} (its local/target must be built). */
  public static RunnerProcess start(Path home, Map<String, String> env) {
    Path target = home.resolve("local/target");
    if (!Files.exists(target.resolve("local.jar"))) {
      throw new IllegalStateException("build the runner first: ./mvnw package -pl local");
    }
    List<String> command =
        List.of(
            java(),
            "-cp",
            target.resolve("local.jar") + ":" + target.resolve("lib") + "/*",
            "-Dday2.home=" + home,
            "dev.day2.local.Main"); // by name: other modules have only this test-jar
    return new RunnerProcess(
        TestProcess.start("runner", command, env, null, List.of())
            .closeWith("INT", Duration.ofSeconds(60)));
  }

  static Path home() {
    return Path.of(System.getProperty("day2.home"));
  }

  /** The java of the test JVM (JDK 25), for starting the runner and jars. */
  public static String java() {
    return TestProcess.javaBinary();
  }

  /** Waits for the runner's "ready" line; false if it exited or timed out first. */
  public boolean awaitReady(long seconds) {
    try {
      runner.awaitLine(0, "ready"::equals, Duration.ofSeconds(seconds));
      return true;
    } catch (IllegalStateException e) {
      return false;
    }
  }

  /** The JVM of one replica, found by the {@code -Dday2.instance=} flag the runner gives it. */
  public Optional<ProcessHandle> replica(String instance) {
    return process
        .descendants()
        .filter(p ->
            p.info()
                .arguments()
                .map(args -> List.of(args).contains("-Dday2.instance=" + instance))
                .orElse(false))
        .findFirst();
  }

  /** SIGINT, as Ctrl-C sends. */
  public void interrupt() {
    runner.signal("INT");
  }

  /** SIGINT; after 60 s, KILL of the runner and what it started. */
  @Override
  public void close() {
    runner.close();
  }
}
