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

/**
 * The Prometheus exporters of {@code make run}, each started when Debian's package is installed and
 * what it watches runs: Redis (redis_up: RedisDown), PostgreSQL (pg_up: PostgresDown), Varnish (hit
 * ratio) and the edge's certificate (blackbox tls_connect). Each gets a
 * targets/&lt;job&gt;/make-run.json beside the ones LocalPrometheus writes. A missing package or a
 * busy port only skips that exporter.
 */
final class LocalExporters {
  private LocalExporters() {}

  /** One exporter; {@code probe} is the address a blackbox exporter probes (else empty). */
  private record Exporter(
      String job,
      String binary,
      int port,
      List<String> args,
      Map<String, String> env,
      String probe) {}

  static List<ManagedProcess> start(RunnerConfig config, boolean edge, PrintStream console)
      throws IOException {
    Path targets = config.dataDir().resolve("prometheus/targets");
    if ("0".equals(config.env().get("PROMETHEUS")) || !Files.isDirectory(targets)) {
      return List.of();
    }
    List<ManagedProcess> started = new ArrayList<>();
    for (Exporter exporter : wanted(config, edge)) {
      Path binary = Path.of("/usr/bin", exporter.binary());
      if (!Files.isExecutable(binary) || Readiness.portInUse(exporter.port())) {
        console.println(exporter.job() + " exporter skipped (install: make tools; or port busy)");
        continue;
      }
      List<String> command = new ArrayList<>(List.of(binary.toString()));
      command.addAll(exporter.args());
      PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
      Path log = config.logDir().resolve(exporter.job() + "-exporter.log");
      ManagedProcess process =
          ManagedProcess.start(exporter.job() + "-exp", command, exporter.env(), log, quiet);
      String metrics = "http://127.0.0.1:" + exporter.port() + "/metrics";
      if (!Readiness.awaitHttp200(metrics, Duration.ofSeconds(15), process::isAlive)) {
        process.stop(Duration.ofSeconds(2));
        console.println(exporter.job() + " exporter did not start; see " + log);
        continue;
      }
      started.add(process);
      writeTarget(targets, exporter);
    }
    return started;
  }

  /** The exporters' ports before PORT_OFFSET. */
  static final int REDIS_PORT = 9121;

  static final int POSTGRES_PORT = 9187;
  static final int VARNISH_PORT = 9131;
  static final int BLACKBOX_PORT = 9115;

  private static List<Exporter> wanted(RunnerConfig config, boolean edge) {
    int offset = config.portOffset();
    List<ServiceSpec> services = config.services();
    List<Exporter> wanted = new ArrayList<>();
    if (needs(services, ServiceSpec.Store.REDIS) && !config.externalRedis()) {
      wanted.add(
          new Exporter(
              "redis",
              "prometheus-redis-exporter",
              REDIS_PORT + offset,
              List.of(
                  "-redis.addr", "redis://127.0.0.1:" + config.redisPort(),
                  "-web.listen-address", "127.0.0.1:" + (REDIS_PORT + offset)),
              Map.of(),
              ""));
    }
    if (needs(services, ServiceSpec.Store.POSTGRES) && !config.externalPostgres()) {
      wanted.add(
          new Exporter(
              "postgres",
              "prometheus-postgres-exporter",
              POSTGRES_PORT + offset,
              List.of(
                  "--web.listen-address=127.0.0.1:" + (POSTGRES_PORT + offset),
                  // pg_stat_archiver_* for WalArchivingFailing (Debian's 0.11 has no collector)
                  "--extend.query-path="
                      + config.root().resolve("deploy/backup/postgres-exporter-queries.yaml")),
              Map.of(
                  "DATA_SOURCE_NAME",
                  "postgresql://postgres@127.0.0.1:"
                      + config.postgresPort()
                      + "/postgres?sslmode=disable"),
              ""));
    }
    if (services.stream().anyMatch(s -> s.name().equals("tiles")) && LocalVarnish.installed()) {
      wanted.add(
          new Exporter(
              "varnish",
              "prometheus-varnish-exporter",
              VARNISH_PORT + offset,
              List.of(
                  "-n",
                  config.dataDir().resolve("varnish").toString(),
                  "-web.listen-address",
                  "127.0.0.1:" + (VARNISH_PORT + offset)),
              Map.of(),
              ""));
    }
    if (edge) {
      wanted.add(
          new Exporter(
              "edge-tls",
              "prometheus-blackbox-exporter",
              BLACKBOX_PORT + offset,
              List.of(
                  "--config.file=" + config.root().resolve("observability/blackbox/blackbox.yml"),
                  "--web.listen-address=127.0.0.1:" + (BLACKBOX_PORT + offset)),
              Map.of(),
              "127.0.0.1:" + (LocalEdge.HTTPS_PORT + offset)));
    }
    return wanted;
  }

  private static boolean needs(List<ServiceSpec> services, ServiceSpec.Store store) {
    return services.stream().anyMatch(s -> s.stores().contains(store));
  }

  private static void writeTarget(Path targets, Exporter exporter) throws IOException {
    String exporterAddress = "127.0.0.1:" + exporter.port();
    String group =
        exporter.probe().isEmpty()
            ? "{\"targets\": [\"%s\"], \"labels\": {\"instance\": \"%s\"}}"
                .formatted(exporterAddress, exporter.job())
            // a probe's target is the probed address; the exporter's comes in __blackbox_address
            : "{\"targets\": [\"%s\"], \"labels\": {\"__blackbox_address\": \"%s\"}}"
                .formatted(exporter.probe(), exporterAddress);
    Path folder = Files.createDirectories(targets.resolve(exporter.job()));
    Files.writeString(folder.resolve("make-run.json"), "[\n  " + group + "\n]\n");
  }
}
