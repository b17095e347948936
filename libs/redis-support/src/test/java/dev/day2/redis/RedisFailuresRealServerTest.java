package dev.day2.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.day2.testing.process.FreePorts;
import dev.day2.testing.process.TestProcess;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.impl.types.ErrorType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each failure class against a real redis-server (Debian's, on a free port) through the Vert.x
 * Redis client the Quarkus one wraps: what the client really throws is what {@link RedisFailures}
 * classifies — by type, or by the reply's error code.
 */
class RedisFailuresRealServerTest {
  static Vertx vertx;
  @TempDir Path tmp;
  final List<TestProcess> servers = new ArrayList<>();
  final List<Redis> clients = new ArrayList<>();

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  @AfterEach
  void stopServers() {
    clients.forEach(Redis::close);
    servers.forEach(TestProcess::close);
  }

  /** A redis-server on a free port with {@code args}; its port. */
  int server(String name, String... args) {
    int port = FreePorts.next();
    List<String> command =
        new ArrayList<>(
            List.of(
                "redis-server",
                "--port",
                "" + port,
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--dir",
                tmp.toString()));
    command.addAll(List.of(args));
    TestProcess server =
        TestProcess.start(name, command, Map.of(), tmp.resolve(name + ".log"))
            // KILL: a server loading its data set or running a script ignores TERM for long
            .closeWith("KILL", Duration.ofSeconds(10));
    servers.add(server);
    server.awaitPort(port, Duration.ofSeconds(10));
    return port;
  }

  Redis client(String url) {
    Redis client = Redis.createClient(vertx, new RedisOptions().setConnectionString(url));
    clients.add(client);
    return client;
  }

  /** The failure {@code command} ends with; fails the test if it succeeds. */
  static Throwable failure(Future<?> command) throws InterruptedException {
    Throwable failure = failureOrNull(command);
    if (failure == null) {
      throw new AssertionError("expected a failure, got " + command.result());
    }
    return failure;
  }

  /** The failure {@code command} ends with, or null when it succeeds. */
  static Throwable failureOrNull(Future<?> command) throws InterruptedException {
    try {
      command.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no answer within 20 s", e);
    }
  }

  static Future<?> get(Redis client) {
    return client.send(Request.cmd(Command.GET).arg("k"));
  }

  static String code(Throwable failure) {
    assertThat(failure).isInstanceOf(ErrorType.class);
    return RedisFailures.errorCode((ErrorType) failure);
  }

  @Test
  void nothingListeningIsAnOutageByItsSocketExceptionType() throws Exception {
    Throwable failure = failure(get(client("redis://127.0.0.1:" + FreePorts.closed())));
    assertThat(failure).isInstanceOf(java.net.ConnectException.class);
    assertThat(RedisFailures.isOutage(failure)).isTrue();
  }

  @Test
  void aMissingOrWrongPasswordIsAnOutage() throws Exception {
    int port = server("auth", "--requirepass", "right-" + System.nanoTime());
    Throwable none = failure(get(client("redis://127.0.0.1:" + port)));
    assertThat(code(none)).isEqualTo("NOAUTH");
    assertThat(RedisFailures.isOutage(none)).isTrue();
    Throwable wrong = failure(get(client("redis://:wrong@127.0.0.1:" + port)));
    assertThat(code(wrong)).isEqualTo("WRONGPASS");
    assertThat(RedisFailures.isOutage(wrong)).isTrue();
  }

  @Test
  void aServerLoadingItsDataSetIsAnOutage() throws Exception {
    // A data set that takes seconds to load: 20 000 keys, 500 µs each (key-load-delay); the
    // server answers clients every 1 KiB loaded (by default every 2 MB: after this whole set).
    int port = server("fill", "--enable-debug-command", "local", "--dbfilename", "big.rdb");
    Redis fill = client("redis://127.0.0.1:" + port);
    await(fill.send(Request.cmd(Command.DEBUG).arg("POPULATE").arg(20000)));
    await(fill.send(Request.cmd(Command.SAVE)));
    servers.removeLast().close();
    port =
        server(
            "loading",
            "--dbfilename",
            "big.rdb",
            "--key-load-delay",
            "500",
            "--loading-process-events-interval-bytes",
            "1024");
    Throwable loading = failure(get(client("redis://127.0.0.1:" + port)));
    assertThat(code(loading)).isEqualTo("LOADING");
    assertThat(RedisFailures.isOutage(loading)).isTrue();
  }

  @Test
  void aReadOnlyReplicaAndAReplicaCutFromItsMasterAreOutages() throws Exception {
    int master = server("master");
    int replica = server("replica", "--replicaof", "127.0.0.1", "" + master);
    Throwable readOnly =
        failure(
            client("redis://127.0.0.1:" + replica).send(Request.cmd(Command.SET).arg("k").arg(1)));
    assertThat(code(readOnly)).isEqualTo("READONLY");
    assertThat(RedisFailures.isOutage(readOnly)).isTrue();

    int cut =
        server(
            "cut",
            "--replicaof",
            "127.0.0.1",
            "" + FreePorts.closed(),
            "--replica-serve-stale-data",
            "no");
    Throwable masterDown = failure(get(client("redis://127.0.0.1:" + cut)));
    assertThat(code(masterDown)).isEqualTo("MASTERDOWN");
    assertThat(RedisFailures.isOutage(masterDown)).isTrue();
  }

  @Test
  void aBusyScriptIsAnOutage() throws Exception {
    int port = server("busy", "--busy-reply-threshold", "50");
    Redis client = client("redis://127.0.0.1:" + port);
    // One connection runs a script that never ends; the next command hears BUSY.
    client.send(Request.cmd(Command.EVAL).arg("while true do end").arg(0));
    // A GET may reach Redis before the script starts (another pooled connection) and succeed:
    // ask again until the script runs, within a deadline rather than a fixed number of tries.
    Throwable busy = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (busy == null && System.nanoTime() < deadline) {
      Throwable f = failureOrNull(client.send(Request.cmd(Command.GET).arg("k")));
      busy = f instanceof ErrorType e && RedisFailures.errorCode(e).equals("BUSY") ? f : null;
    }
    assertThat(busy).as("a BUSY reply").isNotNull();
    assertThat(RedisFailures.isOutage(busy)).isTrue();
  }

  @Test
  void aServerGoneMidRequestIsAnOutage() throws Exception {
    int port = server("gone");
    RedisConnection connection = await(client("redis://127.0.0.1:" + port).connect());
    Future<?> blocked = connection.send(Request.cmd(Command.BLPOP).arg("queue").arg(30));
    servers.getLast().signal("KILL");
    Throwable gone = failure(blocked);
    assertThat(RedisFailures.isOutage(gone)).as(gone.toString()).isTrue();
    Throwable afterwards = failure(connection.send(Request.cmd(Command.PING)));
    assertThat(RedisFailures.isOutage(afterwards)).as(afterwards.toString()).isTrue();
  }

  @Test
  void aPausedServerAnswersTooLateWhichIsAnOutage() throws Exception {
    int port = server("paused");
    Redis client = client("redis://127.0.0.1:" + port);
    // Long enough to hold whatever the machine's speed (the server is killed after the test).
    await(client.send(Request.cmd(Command.CLIENT).arg("PAUSE").arg(60000).arg("ALL")));
    CompletableFuture<Object> timedOut = new CompletableFuture<>();
    // What quarkus.redis.timeout does: Mutiny's ifNoItem on the command.
    Uni.createFrom()
        .completionStage(() -> get(client).toCompletionStage())
        .ifNoItem()
        .after(Duration.ofMillis(200))
        .fail()
        .subscribe()
        .with(timedOut::complete, timedOut::completeExceptionally);
    Throwable failure = failure(Future.fromCompletionStage(timedOut));
    assertThat(failure).isInstanceOf(io.smallrye.mutiny.TimeoutException.class);
    assertThat(RedisFailures.isOutage(failure)).isTrue();
  }

  @Test
  void aServerFullToItsMaxmemoryIsAnOutage() throws Exception {
    int port = server("full", "--maxmemory-policy", "noeviction");
    Redis client = client("redis://127.0.0.1:" + port);
    await(client.send(Request.cmd(Command.SET).arg("k").arg(1)));
    // Below what the server already uses: every write is refused, reads still answer.
    await(client.send(Request.cmd(Command.CONFIG).arg("SET").arg("maxmemory").arg(1)));
    Throwable full = failure(client.send(Request.cmd(Command.INCR).arg("k")));
    assertThat(code(full)).isEqualTo("OOM");
    assertThat(RedisFailures.isOutage(full)).isTrue();
    assertThat(await(get(client)).toString()).isEqualTo("1");
  }

  @Test
  void aServerThatCannotSaveItsSnapshotRefusesWritesWhichIsAnOutage() throws Exception {
    Path dir = java.nio.file.Files.createDirectory(tmp.resolve("snapshots"));
    // Writes stop on a failed save only where saves are configured (a save point).
    int port =
        server(
            "misconf",
            "--dir",
            dir.toString(),
            "--save",
            "3600 1",
            "--stop-writes-on-bgsave-error",
            "yes");
    Redis client = client("redis://127.0.0.1:" + port);
    // The snapshot's directory disappears under the server (a lost volume): its next save fails.
    java.nio.file.Files.delete(dir);
    await(client.send(Request.cmd(Command.BGSAVE)));
    Throwable refused = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (refused == null && System.nanoTime() < deadline) {
      // The save runs in a child process: writes are refused once it has failed.
      refused = failureOrNull(client.send(Request.cmd(Command.SET).arg("k").arg(1)));
    }
    assertThat(refused).as("a refused write").isNotNull();
    assertThat(code(refused)).isEqualTo("MISCONF");
    assertThat(RedisFailures.isOutage(refused)).isTrue();
  }

  @Test
  void wrongTypesAndUnknownCommandsAreBugs() throws Exception {
    int port = server("bugs");
    Redis client = client("redis://127.0.0.1:" + port);
    await(client.send(Request.cmd(Command.SET).arg("k").arg("text")));
    Throwable wrongType = failure(client.send(Request.cmd(Command.LPUSH).arg("k").arg("x")));
    assertThat(code(wrongType)).isEqualTo("WRONGTYPE");
    assertThat(RedisFailures.isOutage(wrongType)).isFalse();
    Throwable notANumber = failure(client.send(Request.cmd(Command.INCR).arg("k")));
    assertThat(code(notANumber)).isEqualTo("ERR");
    assertThat(RedisFailures.isOutage(notANumber)).isFalse();
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }
}
