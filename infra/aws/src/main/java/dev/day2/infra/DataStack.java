package dev.day2.infra;

import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;

/**
 * The managed stores components/managed-data-stores points at: ElastiCache (Redis OSS, TLS + AUTH)
 * and RDS PostgreSQL, their secrets, and the private names redis.day2.internal and
 * postgres.day2.internal.
 */
public final class DataStack extends Stack {
  private final Key key;
  private final Redis redis;
  private final Postgres postgres;

  DataStack(Construct scope, String id, EnvConfig config, IVpc vpc, String alarmsTopicArn) {
    super(
        scope,
        id,
        StackProps.builder()
            .description(
                "Day2 " + config.name() + ": ElastiCache Redis, RDS PostgreSQL, their secrets")
            .terminationProtection(config.isProd())
            .build());
    key =
        Key.Builder.create(this, "Key")
            .alias("day2/data")
            .description("Day2 " + config.name() + " data stores and their secrets")
            .enableKeyRotation(true)
            .build();
    redis = new Redis(this, "Redis", config, vpc, key, alarmsTopicArn);
    postgres = new Postgres(this, "Postgres", config, vpc, key);
    new PrivateDns(this, "PrivateDns", vpc, redis, postgres);
  }

  /** Encrypts the stores and their secrets; the External Secrets Operator may decrypt with it. */
  public IKey key() {
    return key;
  }

  public Redis redis() {
    return redis;
  }

  public Postgres postgres() {
    return postgres;
  }
}
