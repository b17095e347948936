package dev.day2.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child process whose output is copied, line by line, to its own log file as it is (JSON lines,
 * for {@code make logs}) and to the console as a person reads it ({@link ConsoleLines}: time, name,
 * level, message). Stopping it stops its descendants too.
 */
final class ManagedProcess {
  private final String name;
  private final Process process;

  private ManagedProcess(String name, Process process) {
    this.name = name;
    this.process = process;
  }

  static ManagedProcess start(
      String name, List<String> command, Map<String, String> env, Path logFile, PrintStream console)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    Writer log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8);
    Thread pump =
        Thread.ofVirtual()
            .name("log-" + name)
            .unstarted(() -> copyLines(process, name, log, console));
    pump.start();
    return new ManagedProcess(name, process);
  }

  private static final ConsoleLines CONSOLE = ConsoleLines.forThisTerminal();

  private static void copyLines(Process process, String name, Writer log, PrintStream console) {
    String prefix = String.format("%-14s| ", name);
    try (BufferedReader reader =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        log) {
      String line;
      while ((line = reader.readLine()) != null) {
        console.println(CONSOLE.format(name, line));
        log.write(line);
        log.write('\n');
        log.flush();
      }
    } catch (IOException e) {
      console.println(prefix + "(log copy stopped: " + e.getMessage() + ")");
    }
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  int exitValue() {
    return process.exitValue();
  }

  /** Waits until a one-shot process exits; false when it still runs at {@code deadline}. */
  boolean awaitExit(java.time.Instant deadline) {
    try {
      long millis = Duration.between(java.time.Instant.now(), deadline).toMillis();
      return process.waitFor(Math.max(0, millis), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Asks the process and its descendants to stop; kills what is left after {@code grace}. */
  void stop(Duration grace) {
    List<ProcessHandle> family =
        java.util.stream.Stream.concat(
                process.descendants(), java.util.stream.Stream.of(process.toHandle()))
            .toList();
    family.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        family.forEach(ProcessHandle::destroyForcibly);
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      family.forEach(ProcessHandle::destroyForcibly);
    }
  }
}
