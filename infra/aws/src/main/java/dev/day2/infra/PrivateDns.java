package dev.day2.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.route53.CnameRecord;
import software.amazon.awscdk.services.route53.PrivateHostedZone;
import software.constructs.Construct;

/**
 * The private zone day2.internal in the VPC: stable names for the managed stores, so the overlays
 * are the same in every account.
 */
final class PrivateDns extends Construct {
  PrivateDns(Construct scope, String id, IVpc vpc, Redis redis, Postgres postgres) {
    super(scope, id);
    PrivateHostedZone zone =
        PrivateHostedZone.Builder.create(this, "Zone")
            .zoneName(Contract.PRIVATE_ZONE)
            .vpc(vpc)
            .comment("Day2 managed data stores")
            .build();
    CnameRecord.Builder.create(this, "Redis")
        .zone(zone)
        .recordName(Contract.REDIS_HOST + ".")
        .domainName(redis.group().getAttrPrimaryEndPointAddress())
        .ttl(Duration.seconds(60))
        .build();
    CnameRecord.Builder.create(this, "Postgres")
        .zone(zone)
        .recordName(Contract.POSTGRES_HOST + ".")
        .domainName(postgres.instance().getDbInstanceEndpointAddress())
        .ttl(Duration.seconds(60))
        .build();
  }
}
