package dev.day2.infra.preferences;

import dev.day2.infra.EnvConfig;
import java.util.List;

/**
 * The preferences stack's sizes and identities per environment. Kept in code beside the stack (the
 * platform's cdk.json context is issue 12's); every number the connection arithmetic uses is here,
 * and {@link #connectionBudget()} / {@link #connectionsNeeded()} are asserted by the tests.
 *
 * <p>The arithmetic (README, ADR 0067): the API function holds at most {@code apiPoolSize}
 * connections per instance and runs at most {@code apiReservedConcurrency} instances; the migration
 * function runs one instance with Flyway's two connections. Even if RDS Proxy could multiplex
 * nothing (every session pinned), all of them must fit in the share of PostgreSQL's {@code
 * max_connections} the proxy may use: {@code concurrency × pool + migration ≤ max_connections ×
 * proxyMaxConnectionsPercent / 100}. The rest is left for administrators and RDS itself.
 *
 * @param issuer the JWT issuer API Gateway's authorizer and the function trust ({@code iss})
 * @param audience the audience tokens must carry ({@code aud})
 * @param apiReservedConcurrency most concurrent API function instances (reserved concurrency)
 * @param apiPoolSize {@code DB_POOL_MAX_SIZE} of the API function (the Lambda default, 2)
 * @param apiMemoryMiB the API function's memory (CPU scales with it)
 * @param dbInstanceType the RDS instance class, without {@code db.}
 * @param dbMaxConnections PostgreSQL {@code max_connections}, set in the parameter group
 * @param proxyMaxConnectionsPercent the share of {@code max_connections} RDS Proxy may open
 * @param throttleRatePerSecond API Gateway's steady-state request rate for the stage
 * @param throttleBurst API Gateway's burst for the stage
 * @param gitLabProjectPath the GitLab project whose pipeline deploys ({@code group/project})
 * @param gitLabRefs the refs whose pipelines may assume the deploy role (OIDC {@code sub} tails)
 */
public record PreferencesSettings(
    String issuer,
    String audience,
    int apiReservedConcurrency,
    int apiPoolSize,
    int apiMemoryMiB,
    String dbInstanceType,
    int dbMaxConnections,
    int proxyMaxConnectionsPercent,
    int throttleRatePerSecond,
    int throttleBurst,
    String gitLabProjectPath,
    List<String> gitLabRefs) {

  /** One migration at a time (reserved concurrency 1), Flyway holding at most two connections. */
  public static final int MIGRATION_CONCURRENCY = 1;

  public static final int MIGRATION_POOL_SIZE = 2;

  public static final String GITLAB = "gitlab.com";

  /** Staging deploys from main, production from release tags (.gitlab-ci.yml's rules). */
  private static final List<String> MAIN = List.of("ref_type:branch:ref:main");

  private static final List<String> RELEASE_TAGS = List.of("ref_type:tag:ref:preferences-v*");

  public static PreferencesSettings of(EnvConfig config) {
    String issuer = "https://auth." + config.zoneName() + "/";
    return switch (config.name()) {
      case "dev" ->
          new PreferencesSettings(
              issuer,
              "preferences",
              20,
              2,
              1024,
              "t4g.small",
              100,
              80,
              50,
              100,
              "day2-dev/day2",
              MAIN);
      case "staging" ->
          new PreferencesSettings(
              issuer,
              "preferences",
              50,
              2,
              1024,
              "t4g.medium",
              200,
              80,
              200,
              400,
              "day2-dev/day2",
              MAIN);
      case "prod" ->
          new PreferencesSettings(
              issuer,
              "preferences",
              200,
              2,
              2048,
              "m7g.large",
              600,
              80,
              1000,
              2000,
              "day2-dev/day2",
              RELEASE_TAGS);
      default -> throw new IllegalArgumentException("no preferences settings for " + config.name());
    };
  }

  /** Connections RDS Proxy may open to PostgreSQL. */
  public int connectionBudget() {
    return dbMaxConnections * proxyMaxConnectionsPercent / 100;
  }

  /** Connections the functions can ask for at once, if no session could be shared. */
  public int connectionsNeeded() {
    return apiReservedConcurrency * apiPoolSize + MIGRATION_CONCURRENCY * MIGRATION_POOL_SIZE;
  }

  /** The issuer's key set: API Gateway finds it through discovery, the function reads it here. */
  public String jwksUrl() {
    return issuer + ".well-known/jwks.json";
  }
}
