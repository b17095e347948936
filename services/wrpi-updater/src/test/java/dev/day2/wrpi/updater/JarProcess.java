package dev.day2.wrpi.updater;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** The packaged updater run as a real process, its output collected line by line. */
final class JarProcess implements AutoCloseable {
  static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

  private final Process process;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Thread collector;

  private JarProcess(Process process) {
    this.process = process;
    this.collector = Thread.ofVirtual().start(this::collect);
  }

  static JarProcess start(Map<String, String> env, String... args) {
    if (!Files.exists(JAR)) {
      throw new IllegalStateException(JAR + " is missing: run mvn package first");
    }
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(List.of("-XX:+UseSerialGC", "-jar", JAR.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder
        .environment()
        .keySet()
        .removeIf(name -> name.startsWith("REDIS_") || name.startsWith("PUSHGATEWAY_"));
    builder.environment().putAll(env);
    try {
      return new JarProcess(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for the exit code; fails the test if the process is still running after 60 s. */
  int exitCode() throws InterruptedException {
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new AssertionError("still running; output: " + lines);
    }
    collector.join(Duration.ofSeconds(10)); // the last lines, after the exit
    return process.exitValue();
  }

  /** Waits until a line matches (at most {@code timeout}); the index of that line. */
  int awaitLine(int from, Predicate<String> matches, Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      for (int i = from; i < lines.size(); i++) {
        if (matches.test(lines.get(i))) {
          return i;
        }
      }
      if (!process.isAlive() && !lines.isEmpty()) {
        break;
      }
      Thread.sleep(20); // polling the collected output
    }
    throw new AssertionError("no matching line after line " + from + "; output: " + lines);
  }

  List<String> lines() {
    return lines;
  }

  Process process() {
    return process;
  }

  private void collect() {
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        lines.add(line);
      }
    } catch (IOException e) {
      // the process ended
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
