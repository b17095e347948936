package dev.day2.local;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Prometheus of {@code make run}: Debian's prometheus with observability/prometheus/
 * prometheus.yml as it is. The run folder gets a link to that file and to its rules/, and a
 * targets/&lt;job&gt;/make-run.json per job with this run's replica ports, which the config reads
 * by file_sd (docs/adr/0050). {@code PROMETHEUS=0} skips it.
 */
final class LocalPrometheus {
  static final int PORT = 9090;
  private static final Pattern TARGET_FOLDER = Pattern.compile("targets/([a-z-]+)/\\*\\.json");

  private LocalPrometheus() {}

  /** Starts Prometheus when installed, wanted and its port is free; says so either way. */
  static Optional<ManagedProcess> startIfInstalled(
      RunnerConfig config, boolean edge, PrintStream console) throws IOException {
    int port = PORT + config.portOffset();
    if ("0".equals(config.env().get("PROMETHEUS"))) {
      return Optional.empty();
    }
    Optional<String> binary = binary();
    if (binary.isEmpty()) {
      console.println("prometheus is not installed: running without metrics (make tools)");
      return Optional.empty();
    }
    if (Readiness.portInUse(port)) {
      console.println(
          "port "
              + port
              + " is in use (a system Prometheus? systemctl stop prometheus):"
              + " running without ours");
      return Optional.empty();
    }
    Path dir = layout(config, edge);
    List<String> command =
        List.of(
            binary.get(),
            "--config.file=" + dir.resolve("prometheus.yml"),
            "--storage.tsdb.path=" + dir.resolve("data"),
            "--storage.tsdb.retention.time=2d",
            "--web.listen-address=127.0.0.1:" + port,
            "--web.enable-lifecycle");
    // Its log goes to its file only: the DNS lookups of the container topologies' *-scrape
    // names fail here every 30 s and would flood the console.
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    Path log = config.logDir().resolve("prometheus.log");
    ManagedProcess prometheus = ManagedProcess.start("prometheus", command, Map.of(), log, quiet);
    String ready = "http://127.0.0.1:" + port + "/-/ready";
    if (!Readiness.awaitHttp200(ready, Duration.ofSeconds(30), prometheus::isAlive)) {
      prometheus.stop(Duration.ofSeconds(2));
      throw new IllegalStateException("prometheus did not become ready; see " + log);
    }
    console.println(
        String.format(
            "%-14s http://127.0.0.1:%d/targets  (alerts: /alerts, graph: /graph)",
            "prometheus", port));
    return Optional.of(prometheus);
  }

  /** The run's prometheus folder: the shipped config and rules linked, this run's targets. */
  static Path layout(RunnerConfig config, boolean edge) throws IOException {
    Path shipped = config.root().resolve("observability/prometheus");
    Path dir = Files.createDirectories(config.dataDir().resolve("prometheus"));
    link(dir.resolve("prometheus.yml"), shipped.resolve("prometheus.yml"));
    link(dir.resolve("rules"), shipped.resolve("rules"));
    Path targets = dir.resolve("targets");
    // Every job's folder exists, also for jobs this run has no targets for: file_sd watches them.
    Matcher folders = TARGET_FOLDER.matcher(Files.readString(shipped.resolve("prometheus.yml")));
    while (folders.find()) {
      Files.createDirectories(targets.resolve(folders.group(1)));
    }
    for (ServiceSpec spec : config.services()) {
      if (!spec.hasHttp()) {
        continue;
      }
      List<String> groups = new ArrayList<>();
      for (int replica = 0; replica < spec.replicas(); replica++) {
        groups.add(group(config.portOf(spec, replica), spec.instanceName(replica)));
      }
      write(targets, spec.name(), groups);
    }
    write(targets, "prometheus", List.of(group(PORT + config.portOffset(), "prometheus")));
    if (edge) {
      write(targets, "edge", List.of(group(LocalEdge.STATS_PORT + config.portOffset(), "edge")));
    }
    return dir;
  }

  /** One file_sd target group: a loopback port, named {@code instance}. */
  static String group(int port, String instance) {
    return "  {\"targets\": [\"127.0.0.1:%d\"], \"labels\": {\"instance\": \"%s\"}}"
        .formatted(port, instance);
  }

  /** targets/&lt;job&gt;/make-run.json with these groups. */
  static void write(Path targets, String job, List<String> groups) throws IOException {
    Path folder = Files.createDirectories(targets.resolve(job));
    Files.writeString(
        folder.resolve("make-run.json"), "[\n" + String.join(",\n", groups) + "\n]\n");
  }

  private static void link(Path link, Path target) throws IOException {
    Files.deleteIfExists(link);
    Files.createSymbolicLink(link, target);
  }

  private static Optional<String> binary() {
    for (String candidate : List.of("/usr/bin/prometheus", "/usr/local/bin/prometheus")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
