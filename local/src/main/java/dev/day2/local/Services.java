package dev.day2.local;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The service table of {@code make run}: ports and names as in docs/architecture.md. Adding a
 * service, or a replica, is one line here.
 */
final class Services {
  /** The Redis database both wrpi processes use (the brief's 1). */
  static final String WRPI_REDIS_DB = "1";

  private Services() {}

  static List<ServiceSpec> all() {
    return List.of(
        ServiceSpec.http("hello", "services/hello", 8081, 2),
        // wrpi: the updater writes and the api reads the same Redis database (WRPI_REDIS_DB),
        // whatever each one's default; the updater runs every 60 s as a CronJob would.
        new ServiceSpec(
            "wrpi-updater",
            "services/wrpi-updater",
            0,
            1,
            i -> Map.of("REDIS_DB", WRPI_REDIS_DB),
            List.of("--loop", "60"),
            Set.of(ServiceSpec.Store.REDIS)),
        ServiceSpec.http("wrpi-api", "services/wrpi-api", 8082, 2)
            .withEnv(
                i -> Map.of("REDIS_DB", WRPI_REDIS_DB, "APP_PASSWORD", WrpiPassword.forThisRun()))
            .needing(ServiceSpec.Store.REDIS),
        ServiceSpec.http("counter", "services/counter", 8083, 2).needing(ServiceSpec.Store.REDIS),
        // preferences: migrate, then serve (production migrates from the pipeline instead);
        // /v1 needs a bearer token signed by this run's key (LocalTokenIssuer prints one)
        ServiceSpec.http("preferences", "services/preferences", 8084, 2)
            .withEnv(i -> Map.of("DB_MIGRATE_AT_START", "true"))
            .needing(ServiceSpec.Store.POSTGRES, ServiceSpec.Store.TOKEN_ISSUER),
        // tiles: two replicas behind Varnish (6081), started after TilesSeed loaded the Monaco
        // tileset (tools/tileset-builder's `seed`, the job compose and the dev cluster run too)
        ServiceSpec.http("tiles", "services/tiles", 8085, 2).needing(ServiceSpec.Store.POSTGRES),
        // portal: the web page of every system; its URLs depend on the run (wiring below)
        ServiceSpec.http("portal", "services/portal", 8086, 2));
  }

  /**
   * The environment that links services to this run's addresses: the portal's URLs (browser-facing
   * ones through the edge when it runs), and wrpi-api's CORS origins (the portal's).
   */
  static Map<String, String> wiring(String service, RunnerConfig config, boolean edge) {
    int offset = config.portOffset();
    String https = ":" + (LocalEdge.HTTPS_PORT + offset);
    String direct = ":" + (8086 + offset);
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
            edge ? "https://wrpi.localhost" + https : "http://127.0.0.1:" + (8082 + offset));
        env.put("COUNTER_URL", "http://127.0.0.1:" + (8083 + offset));
        env.put("PREFERENCES_URL", "http://127.0.0.1:" + (8084 + offset));
        if (!"0".equals(config.env().get("PROMETHEUS"))) {
          env.put("PROMETHEUS_URL", "http://127.0.0.1:" + (LocalPrometheus.PORT + offset));
        }
        yield env;
      }
      default -> Map.of();
    };
  }
}
