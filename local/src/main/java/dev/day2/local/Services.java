package dev.day2.local;

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
        // tiles: two replicas behind Varnish (6081); the first start loads the Monaco tileset
        ServiceSpec.http("tiles", "services/tiles", 8085, 2)
            .withEnv(i -> Map.of("TILES_SEED", "true"))
            .needing(ServiceSpec.Store.POSTGRES));
  }
}
