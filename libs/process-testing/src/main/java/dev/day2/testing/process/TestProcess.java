package dev.day2.testing.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.function.BooleanSupplier;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * A real process a test started: a binary (redis-server, postgres, haproxy, varnishd, prometheus)
 * or a packaged jar. Its output goes to a log file, or is collected line by line; readiness is
 * awaited by polling a port, an HTTP answer or an output line (never a fixed sleep); {@link #close}
 * stops only this process, by its PID (TERM, then KILL after 10 s, with whatever it started; see
 * {@link #closeWith}). A command that runs to completion and whose stdout and stderr are the
 * contract (a CLI) is {@link #run}.
 */
public final class TestProcess implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private final String name;
  private final Process process;
  private final Path log;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Thread collector;
  private String stopSignal = "TERM";
  private Duration stopGrace = Duration.ofSeconds(10);

  /** A command run to completion: its exit code, stdout and stderr apart. */
  public record Finished(int exit, String stdout, String stderr) {}

  private TestProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.collector = log == null ? Thread.ofVirtual().start(this::collect) : null;
  }

  /** Starts {@code command}; stdout and stderr go to {@code log}. */
  public static TestProcess start(
      String name, List<String> command, Map<String, String> env, Path log) {
    return start(name, command, env, log, List.of());
  }

  /**
   * Starts {@code command} with {@code env} on top of this JVM's environment minus every variable
   * starting with one of {@code unsetPrefixes} (a developer's REDIS_PORT must not leak in); output
   * to {@code log}, or collected in memory ({@link #lines}) when {@code log} is null.
   */
  public static TestProcess start(
      String name,
      List<String> command,
      Map<String, String> env,
      Path log,
      List<String> unsetPrefixes) {
    ProcessBuilder builder =
        new ProcessBuilder(withDefaultInt(command, ownStatus())).redirectErrorStream(true);
    if (log != null) {
      builder.redirectOutput(log.toFile());
    }
    builder.environment().keySet().removeIf(k -> unsetPrefixes.stream().anyMatch(k::startsWith));
    builder.environment().putAll(env);
    try {
      return new TestProcess(name, builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + command.get(0), e);
    }
  }

  /**
   * {@code command}, or {@code env --default-signal=INT command} when {@code procStatus} (this
   * JVM's {@code /proc/self/status}) says SIGINT is ignored. A job started with {@code &} by a
   * non-interactive shell (a CI step run in the background) starts with SIGINT ignored, every
   * process under it inherits that, and an ignored signal cannot be trapped: {@link #closeWith
   * closeWith("INT")} would then wait out its grace and kill, where Ctrl-C stops the process.
   */
  static List<String> withDefaultInt(List<String> command, String procStatus) {
    if (!ignoresInt(procStatus)) {
      return command;
    }
    List<String> wrapped = new ArrayList<>(List.of("env", "--default-signal=INT"));
    wrapped.addAll(command);
    return wrapped;
  }

  /** Whether the {@code SigIgn} mask of a {@code /proc/<pid>/status} text has SIGINT (2). */
  static boolean ignoresInt(String procStatus) {
    return procStatus
        .lines()
        .filter(line -> line.startsWith("SigIgn:"))
        .findFirst()
        .map(line -> (Long.parseUnsignedLong(line.substring(7).trim(), 16) & 0x2L) != 0)
        .orElse(false);
  }

  private static String ownStatus() {
    try {
      return Files.readString(Path.of("/proc/self/status"));
    } catch (IOException e) {
      return ""; // not Linux: nothing to restore
    }
  }

  /** Runs a packaged Quarkus jar ({@code target/quarkus-app/quarkus-run.jar}) with this JVM. */
  public static TestProcess startJar(
      String name,
      Path jar,
      List<String> args,
      Map<String, String> env,
      Path log,
      List<String> unsetPrefixes) {
    return start(name, jarCommand(jar, args), env, log, unsetPrefixes);
  }

  /** The command line {@link #startJar} runs: this JVM's java, serial GC, {@code -jar jar args}. */
  public static List<String> jarCommand(Path jar, List<String> args) {
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " is missing: run mvn package first");
    }
    List<String> command = new ArrayList<>();
    command.add(javaBinary());
    command.addAll(List.of("-XX:+UseSerialGC", "-jar", jar.toAbsolutePath().toString()));
    command.addAll(args);
    return command;
  }

  /**
   * Runs {@code command} to completion (environment as {@link #start}), stdout and stderr kept
   * apart (a CLI's one-line error on stderr is its contract); fails when it runs longer than {@code
   * timeout}, and then kills it.
   */
  public static Finished run(
      String name,
      List<String> command,
      Map<String, String> env,
      List<String> unsetPrefixes,
      Duration timeout) {
    try {
      Path out = Files.createTempFile(name + "-out", ".txt");
      Path err = Files.createTempFile(name + "-err", ".txt");
      try {
        ProcessBuilder builder =
            new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder
            .environment()
            .keySet()
            .removeIf(k -> unsetPrefixes.stream().anyMatch(k::startsWith));
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly().waitFor();
          throw new IllegalStateException(
              name + " still running after " + timeout + "; output: " + Files.readString(out));
        }
        return new Finished(
            process.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + name + ": " + command.get(0), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The java binary running this test (the build's JDK 25). */
  public static String javaBinary() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  public String name() {
    return name;
  }

  public Process process() {
    return process;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The output so far: the collected lines, or the log file's. */
  public List<String> lines() {
    if (log == null) {
      return lines;
    }
    try {
      return Files.exists(log) ? Files.readAllLines(log) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Until something accepts connections on 127.0.0.1:{@code port}. */
  public TestProcess awaitPort(int port, Duration timeout) {
    await(name + " listening on " + port, timeout, () -> accepts(port));
    return this;
  }

  /** Until {@code url} answers a status {@code accepted} holds for. */
  public TestProcess awaitHttp(String url, IntPredicate accepted, Duration timeout) {
    await(name + " answering " + url, timeout, () -> accepted.test(status(url)));
    return this;
  }

  /** Until {@code url} answers 200. */
  public TestProcess awaitHttp200(String url, Duration timeout) {
    return awaitHttp(url, s -> s == 200, timeout);
  }

  /** Until an output line from index {@code from} on matches; that line's index. */
  public int awaitLine(int from, Predicate<String> matches, Duration timeout) {
    int[] found = {-1};
    await(
        name + " printing the expected line",
        timeout,
        () -> {
          List<String> now = lines();
          for (int i = from; i < now.size(); i++) {
            if (matches.test(now.get(i))) {
              found[0] = i;
              return true;
            }
          }
          return false;
        });
    return found[0];
  }

  /**
   * Polls {@code ready} every 20 ms; fails naming {@code what} and the last output lines after
   * {@code timeout}, or as soon as the process has exited.
   */
  public void await(String what, Duration timeout, BooleanSupplier ready) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (ready.getAsBoolean()) {
        return;
      }
      if (!process.isAlive()) {
        joinCollector();
        if (ready.getAsBoolean()) {
          return;
        }
        throw new IllegalStateException(what + ": the process exited; output: " + tail());
      }
      sleep(20);
    }
    throw new IllegalStateException(what + ": not within " + timeout + "; output: " + tail());
  }

  /** Waits for the exit code; fails if it is still running after {@code timeout}. */
  public int exitCode(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(name + " still running; output: " + tail());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    joinCollector();
    return process.exitValue();
  }

  /**
   * What {@link #close} sends first and how long it waits before KILL: by default TERM and 10 s;
   * INT for a process that stops what it started on Ctrl-C (the {@code make run} runner).
   */
  public TestProcess closeWith(String signal, Duration grace) {
    this.stopSignal = signal;
    this.stopGrace = grace;
    return this;
  }

  /** Sends {@code signal} (a name: INT, TERM, HUP, STOP, CONT) to this process only, by PID. */
  public void signal(String signal) {
    if (signal.equals("TERM")) {
      process.destroy();
      return;
    }
    try {
      int exit = new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).start().waitFor();
      if (exit != 0 && process.isAlive()) {
        throw new IllegalStateException("kill -" + signal + " " + pid() + " exited " + exit);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The {@link #closeWith} signal (TERM), then KILL after its grace (10 s), also of every process
   * this one started and left running; nothing else.
   */
  @Override
  public void close() {
    if (process.isAlive()) {
      signal(stopSignal);
    }
    try {
      if (!process.waitFor(stopGrace.toMillis(), TimeUnit.MILLISECONDS)) {
        List<ProcessHandle> started = process.descendants().toList();
        started.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor();
        for (ProcessHandle child : started) {
          child.onExit().completeOnTimeout(child, 5, TimeUnit.SECONDS).join();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    joinCollector();
  }

  /** The HTTP status {@code url} answers, -1 when it cannot connect. */
  public static int status(String url) {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** True when 127.0.0.1:{@code port} accepts a connection. */
  public static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private String tail() {
    List<String> all = lines();
    return String.join("\n", all.subList(Math.max(0, all.size() - 20), all.size()));
  }

  private void joinCollector() {
    if (collector != null) {
      try {
        collector.join(Duration.ofSeconds(10)); // the last lines, after the exit
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
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

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis); // polling interval of a readiness check
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
