package dev.day2.local;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What {@code make run} is asked to do, read from the environment:
 *
 * <ul>
 *   <li>{@code ONLY} — comma-separated service names to run (default: all)
 *   <li>{@code REDIS_HOST} — use that Redis instead of starting one ({@code REDIS_PORT}, {@code
 *       REDIS_PASS} are passed on too)
 *   <li>{@code LOCAL_REDIS_PORT} — port of the Redis we start (default 6379)
 *   <li>{@code DB_HOST} — use that PostgreSQL instead of starting one ({@code DB_PORT}, {@code
 *       DB_NAME}, {@code DB_USER}, {@code DB_PASSWORD} are passed on too)
 *   <li>{@code LOCAL_POSTGRES_PORT} — port of the PostgreSQL we start (default 5432)
 *   <li>{@code KEEP_DATA=1} — keep the data and logs folder after Ctrl-C
 *   <li>{@code DAY2_RUN_DIR} — where data and logs go (default {@code .run/} in the repository)
 *   <li>{@code PORT_OFFSET} — added to every port (services, edge, stores) to run beside another
 *       copy or other software (default 0)
 *   <li>{@code EDGE=0} — do not start the HAProxy edge even when haproxy is installed
 *   <li>{@code REPLICAS} — replicas of every HTTP service (default: each service's own, 2); 1 for a
 *       lighter run (the portal's browser test)
 * </ul>
 */
record RunnerConfig(
    Path root,
    Path dataDir,
    List<ServiceSpec> services,
    Map<String, String> env,
    boolean keepData,
    int redisPort,
    String javaBinary,
    List<String> jvmOptions,
    int portOffset) {

  /** The JVM options every topology ships, as a java {@code @argfile} (the images read it too). */
  static final String JVM_OPTIONS_FILE = "deploy/images/jvm.options";

  /**
   * A fixed heap cap instead of the file's share of the machine's memory: {@code make run} starts a
   * dozen JVMs on a host whose RAM is not a pod's limit.
   */
  static final String LOCAL_HEAP = "-Xmx256m";

  /** {@code java @deploy/images/jvm.options -Xmx256m}: the pods' options, a local heap cap. */
  static List<String> jvmOptions(Path root) {
    return List.of("@" + root.resolve(JVM_OPTIONS_FILE), LOCAL_HEAP);
  }

  static RunnerConfig fromEnvironment(Path root, Map<String, String> env) {
    List<ServiceSpec> services =
        withReplicas(select(Services.all(), env.get("ONLY")), env.get("REPLICAS"));
    Path runDir =
        env.containsKey("DAY2_RUN_DIR")
            ? Path.of(env.get("DAY2_RUN_DIR")).toAbsolutePath()
            : root.resolve(".run");
    String java = ProcessHandle.current().info().command().orElse("java");
    int offset = Integer.parseInt(env.getOrDefault("PORT_OFFSET", "0"));
    return new RunnerConfig(
        root,
        runDir,
        services,
        env,
        "1".equals(env.get("KEEP_DATA")),
        Integer.parseInt(env.getOrDefault("LOCAL_REDIS_PORT", Integer.toString(6379 + offset))),
        java,
        jvmOptions(root),
        offset);
  }

  static List<ServiceSpec> select(List<ServiceSpec> all, String only) {
    if (only == null || only.isBlank()) {
      return all;
    }
    Set<String> wanted =
        Arrays.stream(only.split(",")).map(String::trim).collect(Collectors.toSet());
    Set<String> known = all.stream().map(ServiceSpec::name).collect(Collectors.toSet());
    wanted.stream()
        .filter(name -> !known.contains(name))
        .findFirst()
        .ifPresent(name -> {
          throw new IllegalArgumentException(
              "ONLY names an unknown service: " + name + " (known: " + known + ")");
        });
    return all.stream().filter(s -> wanted.contains(s.name())).toList();
  }

  /** Every HTTP service with {@code replicas} replicas (jobs keep theirs); null keeps all. */
  static List<ServiceSpec> withReplicas(List<ServiceSpec> services, String replicas) {
    if (replicas == null || replicas.isBlank()) {
      return services;
    }
    if (!replicas.matches("[1-9]")) {
      throw new IllegalArgumentException("REPLICAS must be 1 to 9, got: " + replicas);
    }
    int n = Integer.parseInt(replicas);
    return services.stream()
        .map(s ->
            s.hasHttp()
                ? new ServiceSpec(s.name(), s.module(), s.port(), n, s.env(), s.args(), s.stores())
                : s)
        .toList();
  }

  boolean externalRedis() {
    String host = env.get("REDIS_HOST");
    return host != null && !host.isBlank();
  }

  boolean externalPostgres() {
    String host = env.get("DB_HOST");
    return host != null && !host.isBlank();
  }

  int postgresPort() {
    String port = env.getOrDefault("LOCAL_POSTGRES_PORT", Integer.toString(5432 + portOffset));
    try {
      return Integer.parseInt(port);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("LOCAL_POSTGRES_PORT must be a port number, not " + port);
    }
  }

  /**
   * Every loopback port this run may listen on: the services' replicas, the stores it starts, the
   * edge, Varnish, Prometheus, the Pushgateway and the exporters. Tests pick a PORT_OFFSET where
   * all of them are free instead of a fixed one that could collide with a running {@code make run}.
   */
  List<Integer> listenPorts() {
    List<Integer> ports = new java.util.ArrayList<>();
    for (ServiceSpec spec : services) {
      for (int replica = 0; spec.hasHttp() && replica < spec.replicas(); replica++) {
        ports.add(portOf(spec, replica));
      }
    }
    if (!externalRedis()) {
      ports.add(redisPort);
    }
    if (!externalPostgres()) {
      ports.add(postgresPort());
    }
    for (int port :
        new int[] {
          LocalEdge.HTTP_PORT,
          LocalEdge.HTTPS_PORT,
          LocalEdge.STATS_PORT,
          LocalVarnish.PORT,
          LocalPrometheus.PORT,
          LocalPushgateway.PORT,
          LocalExporters.REDIS_PORT,
          LocalExporters.POSTGRES_PORT,
          LocalExporters.VARNISH_PORT,
          LocalExporters.BLACKBOX_PORT
        }) {
      ports.add(port + portOffset);
    }
    return ports;
  }

  /** The port replica {@code replica} of {@code spec} listens on in this run. */
  int portOf(ServiceSpec spec, int replica) {
    return spec.portOf(replica) + portOffset;
  }

  boolean edgeWanted() {
    return !"0".equals(env.get("EDGE"));
  }

  Path logDir() {
    return dataDir.resolve("logs");
  }
}
