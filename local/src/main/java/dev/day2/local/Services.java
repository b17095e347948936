package dev.day2.local;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The services {@code make run} starts: the rows of services.tsv (the one service table, read at
 * start) plus the environment only a local run adds. Adding a service, or a replica, is one line of
 * services.tsv.
 */
final class Services {
  /** The Redis database both wrpi processes use (the brief's 1). */
  static final String WRPI_REDIS_DB = "1";

  private Services() {}

  /**
   * The rows of services.tsv (name, module, port, replicas, store) with what only make run adds:
   * each service's extra environment and arguments.
   */
  static List<ServiceSpec> all() {
    return ServiceTable.rows().stream().map(Services::spec).toList();
  }

  private static ServiceSpec spec(ServiceTable.Row row) {
    ServiceSpec spec =
        ServiceSpec.http(row.name(), row.module(), row.port(), row.runReplicas())
            .needing(stores(row));
    return switch (row.name()) {
      // wrpi: the updater writes and the api reads the same Redis database (WRPI_REDIS_DB),
      // whatever each one's default; the updater runs every 60 s as a CronJob would.
      case "wrpi-updater" ->
          spec.withEnv(i -> Map.of("REDIS_DB", WRPI_REDIS_DB)).withArgs(List.of("--loop", "60"));
      case "wrpi-api" ->
          spec.withEnv(
              i -> Map.of("REDIS_DB", WRPI_REDIS_DB, "APP_PASSWORD", WrpiPassword.forThisRun()));
      // preferences: migrate, then serve (production migrates from the pipeline instead);
      // /v1 needs a bearer token signed by this run's key (LocalTokenIssuer prints one)
      case "preferences" ->
          spec.withEnv(i -> Map.of("DB_MIGRATE_AT_START", "true"))
              .needing(ServiceSpec.Store.POSTGRES, ServiceSpec.Store.TOKEN_ISSUER);
      // tiles: replicas behind Varnish (6081), started after TilesSeed loaded the Monaco tileset
      // (tools/tileset-builder's `seed`, the job compose and the dev cluster run too); portal: the
      // web page of every system, its URLs depend on the run (wiring below)
      default -> spec;
    };
  }

  private static ServiceSpec.Store[] stores(ServiceTable.Row row) {
    return row.store().stream()
        .map(store -> ServiceSpec.Store.valueOf(store.toUpperCase(java.util.Locale.ROOT)))
        .toArray(ServiceSpec.Store[]::new);
  }

  /** The first replica's port of a service in the table. */
  static int port(String service) {
    return ServiceTable.row(service).port();
  }

  /**
   * {@code http://127.0.0.1:PORT} of each replica of {@code service} this run starts, joined by
   * commas; its first replica's address when this run does not start it ({@code ONLY=portal}).
   */
  static String replicaUrls(String service, RunnerConfig config) {
    List<String> urls = new ArrayList<>();
    for (ServiceSpec spec : config.services()) {
      if (spec.name().equals(service)) {
        for (int replica = 0; replica < spec.replicas(); replica++) {
          urls.add("http://127.0.0.1:" + config.portOf(spec, replica));
        }
      }
    }
    return urls.isEmpty()
        ? "http://127.0.0.1:" + (port(service) + config.portOffset())
        : String.join(",", urls);
  }

  /**
   * The environment that links services to this run's addresses: the portal's URLs (browser-facing
   * ones through the edge when it runs), and wrpi-api's CORS origins (the portal's).
   */
  static Map<String, String> wiring(String service, RunnerConfig config, boolean edge) {
    int offset = config.portOffset();
    String https = ":" + (LocalEdge.HTTPS_PORT + offset);
    String direct = ":" + (port("portal") + offset);
    return switch (service) {
      case "wrpi-api" ->
          Map.of(
              "CORS_ALLOWED_ORIGINS",
              "https://portal.localhost"
                  + https
                  + ",http://localhost"
                  + direct
                  + ",http://127.0.0.1"
                  + direct);
      case "portal" -> {
        Map<String, String> env = new HashMap<>();
        String tiles =
            edge
                ? "https://tiles.localhost" + https
                : "http://127.0.0.1:" + (LocalVarnish.PORT + offset);
        env.put(
            "PORTAL_TILES_ENVIRONMENTS",
            "local="
                + tiles
                + ",staging=https://tiles.staging.day2.example"
                + ",prod=https://tiles.prod.day2.example");
        env.put(
            "PORTAL_WRPI_URL",
            edge
                ? "https://wrpi.localhost" + https
                : "http://127.0.0.1:" + (port("wrpi-api") + offset));
        // every replica, comma-separated: the backend takes turns (ADR 0093), as in compose
        env.put("COUNTER_URL", replicaUrls("counter", config));
        env.put("PREFERENCES_URL", replicaUrls("preferences", config));
        if (!"0".equals(config.env().get("PROMETHEUS"))) {
          env.put("PROMETHEUS_URL", "http://127.0.0.1:" + (LocalPrometheus.PORT + offset));
        }
        yield env;
      }
      default -> Map.of();
    };
  }
}
