package dev.day2.redis.testing;

import dev.day2.testing.process.FreePorts;
import dev.day2.testing.process.TestProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real Debian {@code redis-server} (Redis 7) for tests: loopback only, on a free port, AOF on,
 * data in a private temporary directory. {@link #stop()} and {@link #start()} keep the port and the
 * data, so a test can take Redis away and bring it back (outage and recovery).
 */
public final class RedisServer implements AutoCloseable {
  private static final Path BINARY = Path.of("/usr/bin/redis-server");

  private final int port;
  private final String password;
  private final Path dir;
  private TestProcess process;

  private RedisServer(int port, String password, Path dir) {
    this.port = port;
    this.password = password;
    this.dir = dir;
  }

  /** Starts a server on a free port; {@code password} may be null for none. */
  public static RedisServer startNew(String password) {
    try {
      RedisServer server =
          new RedisServer(freePort(), password, Files.createTempDirectory("day2-redis-test"));
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static RedisServer startNew() {
    return startNew(null);
  }

  public int port() {
    return port;
  }

  public String host() {
    return "127.0.0.1";
  }

  /** The password clients must send, or null when none is required. */
  public String password() {
    return password;
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Starts (or restarts) the server on the same port with the same data; returns once it PONGs. */
  public synchronized void start() {
    if (isRunning()) {
      return;
    }
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(BINARY + " is missing: run `make tools`");
    }
    List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--port", "" + port));
    command.addAll(List.of("--bind", "127.0.0.1", "--dir", dir.toString(), "--save", ""));
    command.addAll(List.of("--appendonly", "yes", "--daemonize", "no", "--logfile", ""));
    if (password != null) {
      command.addAll(List.of("--requirepass", password));
    }
    process = TestProcess.start("redis-server", command, Map.of(), dir.resolve("redis.log"));
    process.await(
        "redis-server answering PING on port " + port, Duration.ofSeconds(20), this::pongs);
  }

  /** Stops the server (SIGTERM, so the AOF is flushed) and waits until it is gone. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    process.close(); // SIGTERM, SIGKILL after 10 s
    process = null;
  }

  /** Sends one command (authenticating first when needed) and returns the decoded reply. */
  public Object call(String... command) {
    try (RespConnection connection = RespConnection.open(host(), port)) {
      if (password != null) {
        connection.call("AUTH", password);
      }
      return connection.call(command);
    }
  }

  /** Like {@link #call} but in database {@code db}. */
  public Object callInDb(int db, String... command) {
    try (RespConnection connection = RespConnection.open(host(), port)) {
      if (password != null) {
        connection.call("AUTH", password);
      }
      connection.call("SELECT", Integer.toString(db));
      return connection.call(command);
    }
  }

  @Override
  public void close() {
    stop();
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary directory is harmless
    }
  }

  private boolean pongs() {
    try {
      return "PONG".equals(call("PING"));
    } catch (RuntimeException notYet) {
      return false; // not listening yet
    }
  }

  /** A port nobody listens on now (the OS picks it). */
  public static int freePort() {
    return FreePorts.next();
  }
}
