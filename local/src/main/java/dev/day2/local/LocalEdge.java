package dev.day2.local;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The HAProxy edge of {@code make run}: deploy/edge/haproxy.cfg as it is, with the replica
 * addresses, listen addresses and certificate passed in its environment variables.
 */
final class LocalEdge {
  static final int HTTP_PORT = 8080;
  static final int HTTPS_PORT = 8443;
  static final int STATS_PORT = 8404;

  /**
   * A backend of haproxy.cfg: its variables' prefix (HELLO_R1, HELLO_R2) and service port, from
   * services.tsv: the host column names the backend and, upper-cased, the prefix. Tiles' backend is
   * the cache (TILES_CACHE) with the tiles replicas (TILES_R1, TILES_R2) as its backup servers.
   */
  private record Backend(String service, String prefix, int port) {}

  private static List<Backend> backends() {
    return ServiceTable.rows().stream()
        .filter(row -> row.host().isPresent())
        .map(row ->
            new Backend(
                row.name(), row.host().get().toUpperCase(java.util.Locale.ROOT), row.port()))
        .toList();
  }

  /** Service → its host name at the edge (the first label picks the backend), from services.tsv. */
  private static Optional<String> hostOf(String service) {
    return ServiceTable.rows().stream()
        .filter(row -> row.name().equals(service))
        .findFirst()
        .flatMap(ServiceTable.Row::host)
        .map(label -> label + ".localhost");
  }

  private LocalEdge() {}

  static boolean installed() {
    return binary().isPresent();
  }

  static Optional<String> host(ServiceSpec spec) {
    return hostOf(spec.name());
  }

  static ManagedProcess start(RunnerConfig config, PrintStream console) throws IOException {
    Path root = config.root();
    Path certDir = root.resolve("deploy/edge/certs");
    run(List.of(root.resolve("scripts/edge-cert.sh").toString(), certDir.toString()), console);
    Map<String, String> env = environment(config, certDir.resolve("edge.pem"));
    List<String> command =
        List.of(
            binary().orElseThrow(),
            "-db",
            "-f",
            root.resolve("deploy/edge/haproxy.cfg").toString());
    ManagedProcess haproxy =
        ManagedProcess.start("edge", command, env, config.logDir().resolve("edge.log"), console);
    String stats = "http://127.0.0.1:" + (STATS_PORT + config.portOffset()) + "/stats";
    if (!Readiness.awaitHttp200(stats, Duration.ofSeconds(20), haproxy::isAlive)) {
      throw new IllegalStateException("the edge did not come up (see its log lines above)");
    }
    return haproxy;
  }

  /** The variables haproxy.cfg reads, for this run's ports; every backend gets an address. */
  static Map<String, String> environment(RunnerConfig config, Path cert) {
    int offset = config.portOffset();
    Map<String, String> env = new HashMap<>();
    env.put("EDGE_CERT", cert.toString());
    env.put("EDGE_HTTP_BIND", bind(HTTP_PORT + offset));
    env.put("EDGE_HTTPS_BIND", bind(HTTPS_PORT + offset));
    env.put("EDGE_STATS_BIND", "127.0.0.1:" + (STATS_PORT + offset));
    env.put("EDGE_HTTPS_PORT_SUFFIX", ":" + (HTTPS_PORT + offset));
    // Every backend gets addresses, also for services not in this run: their checks then fail
    // and the edge answers 503 JSON for them.
    for (Backend backend : backends()) {
      ServiceSpec spec =
          java.util.stream.Stream.concat(config.services().stream(), Services.all().stream())
              .filter(s -> s.name().equals(backend.service()))
              .findFirst()
              .orElse(ServiceSpec.http(backend.service(), "", backend.port(), 1));
      int second = spec.replicas() > 1 ? 1 : 0;
      env.put(backend.prefix() + "_R1", "127.0.0.1:" + config.portOf(spec, 0));
      env.put(backend.prefix() + "_R2", "127.0.0.1:" + config.portOf(spec, second));
    }
    env.put("TILES_CACHE", "127.0.0.1:" + tilesEntry(config));
    return env;
  }

  /** Varnish when make run starts it, otherwise the first tiles replica directly. */
  private static int tilesEntry(RunnerConfig config) {
    return (LocalVarnish.installed() ? LocalVarnish.PORT : Services.port("tiles"))
        + config.portOffset();
  }

  /** Loopback only, IPv4 and (where the machine has it) IPv6: `localhost` may be either. */
  private static String bind(int port) {
    return hasIpv6Loopback() ? "127.0.0.1:" + port + ",::1:" + port : "127.0.0.1:" + port;
  }

  private static boolean hasIpv6Loopback() {
    try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
      probe.bind(new java.net.InetSocketAddress("::1", 0));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static Optional<String> binary() {
    for (String candidate :
        List.of("/usr/sbin/haproxy", "/usr/bin/haproxy", "/usr/local/sbin/haproxy")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static void run(List<String> command, PrintStream console) throws IOException {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes()).trim();
      if (process.waitFor() != 0) {
        throw new IllegalStateException(command.get(0) + " failed: " + output);
      }
      if (!output.isEmpty()) {
        console.println(output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
