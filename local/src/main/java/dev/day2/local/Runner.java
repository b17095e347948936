package dev.day2.local;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** Starts the data stores, then every service replica, and stops them all in reverse order. */
final class Runner {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

  private final RunnerConfig config;
  private final PrintStream console;
  private final List<ManagedProcess> started = new CopyOnWriteArrayList<>();
  private final Map<String, String> sharedEnv = new HashMap<>();
  private boolean edgeStarted;
  private LocalPostgres postgres;
  private final Map<String, Map<String, String>> databases = new HashMap<>();
  private LocalTokenIssuer tokenIssuer;

  Runner(RunnerConfig config, PrintStream console) {
    this.config = config;
    this.console = console;
  }

  void start() throws IOException {
    Files.createDirectories(config.logDir());
    Builds.buildMissing(config.root(), config.services(), console);
    startStores();
    // before the services: wrpi-updater's first run is reported too (only the updater reads it)
    LocalPushgateway.startIfWanted(config, console)
        .ifPresent(pushgateway -> {
          started.add(pushgateway.process());
          sharedEnv.put("PUSHGATEWAY_URL", pushgateway.url());
        });
    for (ServiceSpec spec : config.services()) {
      if (spec.name().equals("tiles")) {
        // the seed job: tables and the Monaco sample, once, before the replicas read them
        TilesSeed.run(config, databases.get("tiles"), console);
      }
      for (int replica = 0; replica < spec.replicas(); replica++) {
        startReplica(spec, replica);
      }
    }
    startCache();
    startEdge();
    LocalPrometheus.startIfInstalled(config, edgeStarted, console).ifPresent(started::add);
    LocalExporters.start(config, edgeStarted, console).forEach(started::add);
    console.println(UrlTable.render(config.services(), config, edgeStarted));
  }

  private void startStores() throws IOException {
    startPostgres();
    if (config.services().stream()
        .anyMatch(s -> s.stores().contains(ServiceSpec.Store.TOKEN_ISSUER))) {
      tokenIssuer = LocalTokenIssuer.start(config.dataDir(), config.env(), console);
    }
    boolean needsRedis =
        config.services().stream().anyMatch(s -> s.stores().contains(ServiceSpec.Store.REDIS));
    if (!needsRedis) {
      return;
    }
    if (config.externalRedis()) {
      console.println("using the Redis at " + config.env().get("REDIS_HOST"));
      return;
    }
    started.add(LocalRedis.start(config.redisPort(), config.dataDir(), config.logDir(), console));
    sharedEnv.put("REDIS_HOST", "127.0.0.1");
    sharedEnv.put("REDIS_PORT", Integer.toString(config.redisPort()));
  }

  /** One PostgreSQL, one database per service that needs one (DB_HOST: the user's server). */
  private void startPostgres() throws IOException {
    List<String> needing =
        config.services().stream()
            .filter(s -> s.stores().contains(ServiceSpec.Store.POSTGRES))
            .map(ServiceSpec::name)
            .toList();
    if (needing.isEmpty()) {
      return;
    }
    if (config.externalPostgres()) {
      console.println("using the PostgreSQL at " + config.env().get("DB_HOST"));
      needing.forEach(name -> databases.put(name, LocalPostgres.external(config.env(), name)));
      return;
    }
    postgres =
        LocalPostgres.start(config.postgresPort(), config.dataDir(), config.logDir(), console);
    needing.forEach(name -> databases.put(name, postgres.databaseFor(name)));
  }

  /** Varnish (deploy/cache) in front of the tiles replicas on 6081, when varnishd is installed. */
  private void startCache() throws IOException {
    for (ServiceSpec spec : config.services()) {
      if (spec.name().equals("tiles") && LocalVarnish.installed()) {
        List<Integer> ports = new ArrayList<>();
        for (int replica = 0; replica < spec.replicas(); replica++) {
          ports.add(config.portOf(spec, replica));
        }
        int port = LocalVarnish.PORT + config.portOffset();
        started.add(
            LocalVarnish.start(
                config.root(), ports, port, config.dataDir(), config.logDir(), console));
        console.println("tiles cache (Varnish): http://127.0.0.1:" + port + "/maps/tileset/");
      }
    }
  }

  /** Whether the edge will be started (it starts after the services, which link to it). */
  private boolean edgeWanted() {
    return config.edgeWanted() && LocalEdge.installed();
  }

  private void startEdge() throws IOException {
    if (!config.edgeWanted()) {
      return;
    }
    if (!LocalEdge.installed()) {
      console.println(
          "haproxy is not installed: running without the TLS edge (install it: make tools)");
      return;
    }
    started.add(LocalEdge.start(config, console));
    edgeStarted = true;
  }

  private void startReplica(ServiceSpec spec, int replica) throws IOException {
    String instance = spec.instanceName(replica);
    Map<String, String> env = new HashMap<>(sharedEnv);
    env.put("INSTANCE_NAME", instance);
    env.putAll(databases.getOrDefault(spec.name(), Map.of()));
    if (spec.stores().contains(ServiceSpec.Store.TOKEN_ISSUER)) {
      env.putAll(tokenIssuer.env());
    }
    if (spec.hasHttp()) {
      env.put("PORT", Integer.toString(config.portOf(spec, replica)));
      env.put("HOST", "127.0.0.1");
    }
    env.putAll(spec.env().apply(replica));
    env.putAll(Services.wiring(spec.name(), config, edgeWanted()));
    List<String> command = new ArrayList<>();
    command.add(config.javaBinary());
    command.addAll(config.jvmOptions());
    spec.aotCache(config.root()).ifPresent(cache -> command.add("-XX:AOTCache=" + cache));
    command.add("-Dday2.instance=" + instance); // visible in `ps`, so operators can find a replica
    command.add("-jar");
    command.add(spec.jar(config.root()).toString());
    command.addAll(spec.args());
    ManagedProcess process =
        ManagedProcess.start(
            instance, command, env, config.logDir().resolve(instance + ".log"), console);
    started.add(process);
    if (spec.hasHttp()) {
      String url = "http://127.0.0.1:" + config.portOf(spec, replica) + "/q/health/ready";
      if (!Readiness.awaitHttp200(url, READY_TIMEOUT, process::isAlive)) {
        throw new IllegalStateException(
            instance + " did not become ready at " + url + " (see its log lines above)");
      }
    }
  }

  /** Stops everything this runner started, newest first, then removes the temporary data. */
  void stop() {
    List<ManagedProcess> reversed = new ArrayList<>(started);
    java.util.Collections.reverse(reversed);
    for (ManagedProcess process : reversed) {
      process.stop(Duration.ofSeconds(10));
    }
    started.clear();
    if (postgres != null) {
      postgres.close();
      postgres = null;
    }
    if (!config.keepData()) {
      deleteTree(config.dataDir());
    } else {
      console.println("kept data and logs in " + config.dataDir());
    }
  }

  List<ManagedProcess> processes() {
    return List.copyOf(started);
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("could not remove " + dir + ": " + e.getMessage());
    }
  }
}
