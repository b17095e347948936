package dev.day2.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The {@code make run} runner as a real child process of a test. Shared with other modules'
 * end-to-end tests through this module's test-jar.
 */
public final class RunnerProcess implements AutoCloseable {
  public final Process process;
  public final List<String> output = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Boolean> ready = new CompletableFuture<>();

  private RunnerProcess(Process process) {
    this.process = process;
    Thread.ofVirtual().start(this::pump);
  }

  static RunnerProcess start(Map<String, String> env) throws IOException {
    return start(home(), env);
  }

  /** Starts the runner of the repository at {@code home} (its local/target must be built). */
  public static RunnerProcess start(Path home, Map<String, String> env) throws IOException {
    Path target = home.resolve("local/target");
    if (!java.nio.file.Files.exists(target.resolve("local.jar"))) {
      throw new IllegalStateException("build the runner first: ./mvnw package -pl local");
    }
    ProcessBuilder builder =
        new ProcessBuilder(
                java(),
                "-cp",
                target.resolve("local.jar") + ":" + target.resolve("lib") + "/*",
                "-Dday2.home=" + home,
                "dev.day2.local.Main") // by name: other modules have only this test-jar
            .redirectErrorStream(true);
    builder.environment().putAll(env);
    return new RunnerProcess(builder.start());
  }

  static Path home() {
    return Path.of(System.getProperty("day2.home"));
  }

  /** The java of the test JVM (JDK 25), for starting the runner and jars. */
  public static String java() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  /** Waits for the runner's "ready" line; false if it died first. */
  public boolean awaitReady(long seconds) throws Exception {
    return ready.get(seconds, TimeUnit.SECONDS);
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
  public void interrupt() throws Exception {
    new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
  }

  private void pump() {
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        output.add(line);
        if (line.equals("ready")) {
          ready.complete(true);
        }
      }
    } catch (IOException e) {
      // the process ended
    }
    ready.complete(false);
  }

  @Override
  public void close() throws Exception {
    if (process.isAlive()) {
      interrupt();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    }
  }
}
