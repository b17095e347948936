package dev.day2.observability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The {@code make run} runner (local/target/local.jar, built by the reactor before this module) as
 * a child process, on ports shifted by {@code PORT_OFFSET} and with its own run folder.
 */
final class MakeRun implements AutoCloseable {
  final Process process;
  final Path runDir;
  final List<String> output = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Boolean> ready = new CompletableFuture<>();

  private MakeRun(Process process, Path runDir) {
    this.process = process;
    this.runDir = runDir;
    Thread.ofVirtual().start(this::pump);
  }

  static MakeRun start(Path runDir, Map<String, String> env) throws IOException {
    Path local = Repo.root().resolve("local/target");
    if (!Files.exists(local.resolve("local.jar"))) {
      throw new IllegalStateException("build the runner first: ./mvnw package -pl local");
    }
    ProcessBuilder builder =
        new ProcessBuilder(
                java(),
                "-cp",
                local.resolve("local.jar") + ":" + local.resolve("lib") + "/*",
                "-Dday2.home=" + Repo.root(),
                "dev.day2.local.Main")
            .redirectErrorStream(true);
    builder.environment().putAll(env);
    builder.environment().put("DAY2_RUN_DIR", runDir.toString());
    return new MakeRun(builder.start(), runDir);
  }

  static String java() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  /** Waits for the runner's "ready" line; false if it died first. */
  boolean awaitReady(long seconds) throws Exception {
    return ready.get(seconds, TimeUnit.SECONDS);
  }

  /** The JVM of one replica, found by the {@code -Dday2.instance=} flag the runner gives it. */
  Optional<ProcessHandle> replica(String instance) {
    return process
        .descendants()
        .filter(p ->
            p.info()
                .arguments()
                .map(args -> List.of(args).contains("-Dday2.instance=" + instance))
                .orElse(false))
        .findFirst();
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

  /** Stops the runner as Ctrl-C does: it stops everything it started, then exits. */
  @Override
  public void close() throws Exception {
    if (process.isAlive()) {
      new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    }
  }
}
