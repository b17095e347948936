package dev.day2.local;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of {@code make run} the drills start, stop and break: Redis, service replicas, Varnish
 * and the HAProxy edge, started exactly as {@code make run} starts them (the same ports plus an
 * offset, the same configs, {@link ManagedProcess} and {@link Readiness}). It lives in the local
 * runner's package so it reuses the runner's package-private starters instead of copying them; the
 * drills module is its only user (docs/adr/0083-drills-reuse-the-local-runner.md).
 *
 * <p>Unlike {@code make run}, every process can be killed ({@code SIGKILL}) or stopped and started
 * again while the others keep running, and the edge runs in master-worker mode so that it can be
 * reloaded without dropping connections.
 */
public final class DrillStack implements AutoCloseable {
  private final RunnerConfig config;
  private final PrintStream processLog;
  private final Map<String, ManagedProcess> replicas =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, Map<String, String>> serviceEnv =
      new java.util.concurrent.ConcurrentHashMap<>();
  private ManagedProcess redis;
  private ManagedProcess varnish;
  private ManagedProcess edge;
  private ManagedProcess pushgateway;
  private Path edgeConfig;

  private DrillStack(RunnerConfig config, PrintStream processLog) {
    this.config = config;
    this.processLog = processLog;
  }

  /**
   * A stack whose ports are {@code make run}'s plus {@code portOffset}, with data and logs under
   * {@code workDir}; the processes' output goes to {@code processLog}, not the console.
   */
  public static DrillStack create(
      Path root, Path workDir, int portOffset, List<String> services, PrintStream processLog)
      throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put("PORT_OFFSET", Integer.toString(portOffset));
    env.put("DAY2_RUN_DIR", workDir.toString());
    env.put("ONLY", String.join(",", services));
    RunnerConfig config = RunnerConfig.fromEnvironment(root, env);
    Files.createDirectories(config.logDir());
    return new DrillStack(config, processLog);
  }

  public Path root() {
    return config.root();
  }

  public Path logDir() {
    return config.logDir();
  }

  /**
   * Copies every service's packaged app ({@code target/quarkus-app}) into the work directory and
   * runs the copies from then on: a build running beside the drills cannot change them mid-drill.
   */
  public void snapshotApps() throws IOException {
    for (ServiceSpec spec : config.services()) {
      Path from = spec.jar(config.root()).getParent();
      Path to = apps().resolve(spec.name());
      try (java.util.stream.Stream<Path> files = Files.walk(from)) {
        for (Path file : files.toList()) {
          Path target = to.resolve(from.relativize(file).toString());
          if (Files.isDirectory(file)) {
            Files.createDirectories(target);
          } else {
            Files.copy(file, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    }
  }

  private Path apps() {
    return config.dataDir().resolve("apps");
  }

  /** Every service of this stack has its jar (built by `make build` or `make test`). */
  public List<String> missingJars() {
    return config.services().stream()
        .filter(s -> !Files.exists(s.jar(config.root())))
        .map(s -> s.jar(config.root()).toString())
        .toList();
  }

  // --- Redis ---------------------------------------------------------------------------------

  public int redisPort() {
    return config.redisPort();
  }

  public Path redisDir() {
    return config.dataDir().resolve("redis");
  }

  /** Starts Redis as make run does (AOF everysec + RDB) on its data dir; returns when it PONGs. */
  public void startRedis() throws IOException {
    redis = LocalRedis.start(config.redisPort(), config.dataDir(), config.logDir(), processLog);
  }

  /** {@code kill -9}: no chance to flush anything, as a crash or an OOM kill. */
  public void killRedis() {
    kill(redis);
  }

  /** A clean stop (SIGTERM: Redis fsyncs its AOF and exits). */
  public void stopRedis() {
    redis.stop(Duration.ofSeconds(10));
  }

  // --- Pushgateway ----------------------------------------------------------------------------

  /**
   * Debian's Pushgateway, as make run starts it (9091 + offset, in memory), for the backup scripts'
   * metrics; returns its URL.
   */
  public String startPushgateway() throws IOException {
    int port = LocalPushgateway.PORT + config.portOffset();
    ManagedProcess process =
        ManagedProcess.start(
            "pushgateway",
            List.of(
                LocalPushgateway.BINARY.toString(),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn"),
            Map.of(),
            config.logDir().resolve("pushgateway.log"),
            processLog);
    pushgateway = process;
    String url = "http://127.0.0.1:" + port;
    if (!Readiness.awaitHttp200(url + "/-/ready", Duration.ofSeconds(15), process::isAlive)) {
      throw new IllegalStateException("the pushgateway did not become ready (" + logDir() + ")");
    }
    return url;
  }

  // --- replicas ------------------------------------------------------------------------------

  /** The port replica {@code replica} (0-based) of {@code service} listens on. */
  public int port(String service, int replica) {
    return config.portOf(spec(service), replica);
  }

  public int replicas(String service) {
    return spec(service).replicas();
  }

  /**
   * Starts replica {@code replica} of {@code service} with make run's settings for it plus {@code
   * env} (the stores' addresses, secrets); returns when it is ready.
   */
  public void startReplica(String service, int replica, Map<String, String> env)
      throws IOException {
    // A replica that exits during start (e.g. its store too slow to answer on a busy machine) is
    // started again, as a scheduler restarts a crashed pod; three tries.
    for (int attempt = 1; ; attempt++) {
      try {
        startReplicaOnce(service, replica, env);
        return;
      } catch (IllegalStateException e) {
        if (attempt == 3) {
          throw e;
        }
      }
    }
  }

  private void startReplicaOnce(String service, int replica, Map<String, String> env)
      throws IOException {
    ServiceSpec spec = spec(service);
    serviceEnv.put(service, Map.copyOf(env));
    String instance = spec.instanceName(replica);
    Map<String, String> all = new HashMap<>(spec.env().apply(replica));
    all.putAll(env); // the drill's settings win over make run's
    all.put("INSTANCE_NAME", instance);
    all.put("PORT", Integer.toString(config.portOf(spec, replica)));
    all.put("HOST", "127.0.0.1");
    List<String> command = new ArrayList<>();
    command.add(config.javaBinary());
    command.addAll(config.jvmOptions());
    command.add("-Dday2.instance=" + instance);
    command.add("-jar");
    command.add(apps().resolve(spec.name()).resolve("quarkus-run.jar").toString());
    command.addAll(spec.args());
    ManagedProcess process =
        ManagedProcess.start(
            instance, command, all, config.logDir().resolve(instance + ".log"), processLog);
    replicas.put(instance, process);
    String url = "http://127.0.0.1:" + config.portOf(spec, replica) + "/q/health/ready";
    if (!Readiness.awaitHttp200(url, Duration.ofSeconds(120), process::isAlive)) {
      process.stop(Duration.ofSeconds(5));
      throw new IllegalStateException(instance + " did not become ready (" + logDir() + ")");
    }
  }

  /**
   * Runs {@code service}'s jar once with {@code args} (e.g. preferences' {@code migrate}) and waits
   * for it to exit 0.
   */
  public void runOnce(String service, List<String> args, Map<String, String> env)
      throws IOException {
    ServiceSpec spec = spec(service);
    List<String> command = new ArrayList<>();
    command.add(config.javaBinary());
    command.addAll(config.jvmOptions());
    command.add("-jar");
    command.add(apps().resolve(spec.name()).resolve("quarkus-run.jar").toString());
    command.addAll(args);
    String name = service + "-" + String.join("-", args);
    ManagedProcess process =
        ManagedProcess.start(
            name, command, env, config.logDir().resolve(name + ".log"), processLog);
    java.time.Instant deadline = java.time.Instant.now().plusSeconds(180);
    while (process.isAlive() && java.time.Instant.now().isBefore(deadline)) {
      try {
        Thread.sleep(100); // polling the process's exit
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
    if (process.isAlive() || process.exitValue() != 0) {
      process.stop(Duration.ofSeconds(5));
      throw new IllegalStateException(name + " failed (" + logDir() + "/" + name + ".log)");
    }
  }

  /** tiles' seed job ({@code tileset-builder seed}, as make run runs it) on {@code database}. */
  public void seedTiles(Map<String, String> database) throws IOException {
    TilesSeed.run(config, database, processLog);
  }

  /** Starts the replica again with the environment it was first started with. */
  public void restartReplica(String service, int replica) throws IOException {
    startReplica(service, replica, serviceEnv.getOrDefault(service, Map.of()));
  }

  /** {@code kill -9} one replica. */
  public void killReplica(String service, int replica) {
    kill(replicas.remove(spec(service).instanceName(replica)));
  }

  // --- Varnish -------------------------------------------------------------------------------

  public int varnishPort() {
    return LocalVarnish.PORT + config.portOffset();
  }

  /** deploy/cache/default.vcl in front of the tiles replicas, as make run starts it. */
  public void startVarnish() throws IOException {
    ServiceSpec tiles = spec("tiles");
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < tiles.replicas(); i++) {
      ports.add(config.portOf(tiles, i));
    }
    varnish =
        LocalVarnish.start(
            config.root(), ports, varnishPort(), config.dataDir(), config.logDir(), processLog);
  }

  public void stopVarnish() {
    varnish.stop(Duration.ofSeconds(10));
  }

  // --- the edge ------------------------------------------------------------------------------

  public int edgeHttpsPort() {
    return LocalEdge.HTTPS_PORT + config.portOffset();
  }

  public int edgeStatsPort() {
    return LocalEdge.STATS_PORT + config.portOffset();
  }

  /**
   * The edge as make run starts it (deploy/edge/haproxy.cfg, the same variables), but in
   * master-worker mode ({@code -W}) from a copy of the config, so that the drill can change the
   * copy and reload: the master starts new workers on the new config and hands them the listening
   * sockets, old workers finish their connections.
   */
  public void startEdge() throws IOException {
    Path root = config.root();
    Path certDir = root.resolve("deploy/edge/certs");
    Process cert =
        new ProcessBuilder(root.resolve("scripts/edge-cert.sh").toString(), certDir.toString())
            .redirectErrorStream(true)
            .start();
    String certOutput = new String(cert.getInputStream().readAllBytes());
    try {
      if (cert.waitFor() != 0) {
        throw new IllegalStateException("scripts/edge-cert.sh failed: " + certOutput);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    edgeConfig = config.dataDir().resolve("haproxy.cfg");
    Files.copy(
        root.resolve("deploy/edge/haproxy.cfg"),
        edgeConfig,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Map<String, String> env =
        new HashMap<>(LocalEdge.environment(config, certDir.resolve("edge.pem")));
    // The tiles replicas' addresses: deploy/edge/haproxy.cfg falls back to them (backup servers)
    // when Varnish is gone; the drills run them on their own ports.
    env.put("TILES_R1", "127.0.0.1:" + port("tiles", 0));
    env.put("TILES_R2", "127.0.0.1:" + port("tiles", 1));
    List<String> command = List.of("haproxy", "-W", "-db", "-f", edgeConfig.toString());
    edge =
        ManagedProcess.start("edge", command, env, config.logDir().resolve("edge.log"), processLog);
    String stats = "http://127.0.0.1:" + edgeStatsPort() + "/stats";
    if (!Readiness.awaitHttp200(stats, Duration.ofSeconds(20), edge::isAlive)) {
      throw new IllegalStateException("the edge did not come up (" + logDir() + "/edge.log)");
    }
  }

  /** The edge's config file (a copy the drill may change before {@link #reloadEdge}). */
  public Path edgeConfig() {
    return edgeConfig;
  }

  /** {@code kill -USR2 <master>}: HAProxy's hitless reload. */
  public void reloadEdge() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("kill", "-USR2", Long.toString(edge.pid())).start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("could not signal the edge master " + edge.pid());
    }
  }

  @Override
  public void close() {
    List<ManagedProcess> all = new ArrayList<>();
    all.add(edge);
    all.add(varnish);
    all.addAll(replicas.values());
    all.add(redis);
    all.add(pushgateway);
    for (ManagedProcess process : all) {
      if (process != null && process.isAlive()) {
        process.stop(Duration.ofSeconds(10));
      }
    }
  }

  private ServiceSpec spec(String service) {
    return config.services().stream()
        .filter(s -> s.name().equals(service))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("not in this stack: " + service));
  }

  private static void kill(ManagedProcess process) {
    if (process == null) {
      return;
    }
    ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
    ProcessHandle.of(process.pid()).ifPresent(h -> h.onExit().join());
  }
}
