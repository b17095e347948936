package dev.day2.local;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Pushgateway of {@code make run} (Debian's prometheus-pushgateway, 9091 + PORT_OFFSET, in
 * memory): wrpi-updater pushes each run's outcome there and Prometheus scrapes it (job pushgateway,
 * targets/pushgateway/make-run.json), so WrpiUpdaterFailing has data. Started before the services,
 * so the updater's first run is reported; skipped with Prometheus (PROMETHEUS=0), without the
 * updater, or when not installed.
 */
final class LocalPushgateway {
  static final int PORT = 9091;
  static final Path BINARY = Path.of("/usr/bin/prometheus-pushgateway");

  private LocalPushgateway() {}

  /** The started Pushgateway and its URL for {@code PUSHGATEWAY_URL}, when wanted. */
  record Started(ManagedProcess process, String url) {}

  static Optional<Started> startIfWanted(RunnerConfig config, PrintStream console)
      throws IOException {
    boolean updater = config.services().stream().anyMatch(s -> s.name().equals("wrpi-updater"));
    if (!updater || "0".equals(config.env().get("PROMETHEUS"))) {
      return Optional.empty();
    }
    int port = PORT + config.portOffset();
    if (!Files.isExecutable(BINARY) || Readiness.portInUse(port)) {
      console.println(
          "pushgateway skipped (install: make tools; or port "
              + port
              + " busy):"
              + " wrpi-updater's run outcomes are not reported");
      return Optional.empty();
    }
    List<String> command =
        List.of(BINARY.toString(), "--web.listen-address=127.0.0.1:" + port, "--log.level=warn");
    Path log = config.logDir().resolve("pushgateway.log");
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    ManagedProcess process = ManagedProcess.start("pushgateway", command, Map.of(), log, quiet);
    String url = "http://127.0.0.1:" + port;
    if (!Readiness.awaitHttp200(url + "/-/ready", Duration.ofSeconds(15), process::isAlive)) {
      process.stop(Duration.ofSeconds(2));
      throw new IllegalStateException("the pushgateway did not become ready; see " + log);
    }
    LocalPrometheus.write(
        config.dataDir().resolve("prometheus/targets"),
        "pushgateway",
        List.of(LocalPrometheus.group(port, "pushgateway")));
    console.println(
        String.format("%-14s %s/metrics  (wrpi-updater's run outcomes)", "pushgateway", url));
    return Optional.of(new Started(process, url));
  }
}
