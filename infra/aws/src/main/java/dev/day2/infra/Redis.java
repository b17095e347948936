package dev.day2.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.elasticache.CfnReplicationGroup;
import software.amazon.awscdk.services.elasticache.CfnSubnetGroup;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.constructs.Construct;

/**
 * ElastiCache for Redis OSS: one shard, replicas in the other zones; encrypted at rest (KMS) and in
 * transit (TLS required), AUTH token from Secrets Manager (day2/redis). In prod the primary fails
 * over automatically to a replica in another zone.
 */
public final class Redis extends Construct {
  static final int PORT = 6379;
  static final String ENGINE_VERSION = "7.1";

  private final CfnReplicationGroup group;
  private final Secret auth;
  private final Secret endpoint;

  /** The replication group id; alarms name the group by it. */
  static String replicationGroupId(EnvConfig config) {
    return "day2-" + config.name() + "-redis";
  }

  /**
   * The member clusters ElastiCache makes for the group: {@code <group>-001} to {@code <group>-00<1
   * + redisReplicas>} (one shard, cluster mode off). CloudWatch publishes the Redis metrics per
   * member ({@code CacheClusterId}), so the alarms read these.
   */
  static List<String> memberClusterIds(EnvConfig config) {
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 1; i <= 1 + config.redisReplicas(); i++) {
      ids.add(String.format("%s-%03d", replicationGroupId(config), i));
    }
    return ids;
  }

  /**
   * @param alarmsTopicArn where ElastiCache sends its events (failover among them)
   */
  Redis(Construct scope, String id, EnvConfig config, IVpc vpc, IKey key, String alarmsTopicArn) {
    super(scope, id);
    auth = Secrets.generated(this, "Auth", "day2/redis", key, "REDIS_PASS", 64);
    Secrets.noRotation(
        auth,
        "Secrets Manager has no rotation function for a replication group's AUTH token (only for"
            + " RBAC users); it is rotated with modify-replication-group --auth-token-update-strategy"
            + " ROTATE (infra/aws/README.md, Secrets).");

    SecurityGroup sg =
        SecurityGroup.Builder.create(this, "SecurityGroup")
            .vpc(vpc)
            .description("Day2 Redis: TLS from the private (node and pod) subnets only")
            .allowAllOutbound(false)
            .build();
    for (var subnet : vpc.getPrivateSubnets()) {
      sg.addIngressRule(
          Peer.ipv4(subnet.getIpv4CidrBlock()),
          Port.tcp(PORT),
          "Redis from " + subnet.getNode().getId());
    }

    CfnSubnetGroup subnets =
        CfnSubnetGroup.Builder.create(this, "Subnets")
            .description("Day2 Redis: the isolated subnets")
            .subnetIds(
                vpc.selectSubnets(
                        SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build())
                    .getSubnetIds())
            .build();

    LogGroup slowLog =
        LogGroup.Builder.create(this, "SlowLog")
            .retention(Retention.days(config.logRetentionDays()))
            .encryptionKey(key)
            .build();

    boolean failover = config.redisReplicas() > 0;
    group =
        CfnReplicationGroup.Builder.create(this, "ReplicationGroup")
            .replicationGroupId(replicationGroupId(config))
            .replicationGroupDescription("Day2 " + config.name() + " Redis")
            .notificationTopicArn(alarmsTopicArn)
            .engine("redis")
            .engineVersion(ENGINE_VERSION)
            .cacheNodeType(config.redisNodeType())
            .numNodeGroups(1)
            .replicasPerNodeGroup(config.redisReplicas())
            .automaticFailoverEnabled(failover)
            .multiAzEnabled(failover)
            .port(PORT)
            .cacheSubnetGroupName(subnets.getRef())
            .securityGroupIds(List.of(sg.getSecurityGroupId()))
            .atRestEncryptionEnabled(true)
            .kmsKeyId(key.getKeyArn())
            .transitEncryptionEnabled(true)
            .transitEncryptionMode("required")
            .authToken(auth.secretValueFromJson("REDIS_PASS").unsafeUnwrap())
            .snapshotRetentionLimit(Math.min(config.backupRetentionDays(), 35))
            .snapshotWindow("02:00-03:00")
            .preferredMaintenanceWindow("sun:04:00-sun:05:00")
            .autoMinorVersionUpgrade(true)
            .logDeliveryConfigurations(
                List.of(
                    CfnReplicationGroup.LogDeliveryConfigurationRequestProperty.builder()
                        .logType("slow-log")
                        .logFormat("json")
                        .destinationType("cloudwatch-logs")
                        .destinationDetails(
                            CfnReplicationGroup.DestinationDetailsProperty.builder()
                                .cloudWatchLogsDetails(
                                    CfnReplicationGroup.CloudWatchLogsDestinationDetailsProperty
                                        .builder()
                                        .logGroup(slowLog.getLogGroupName())
                                        .build())
                                .build())
                        .build()))
            .build();
    group.getNode().addDependency(auth);

    // The clients verify the server certificate against the host name they connect to, and
    // ElastiCache's certificate names its own endpoint, not a CNAME: the overlays read the
    // endpoint from here (REDIS_HOST) rather than redis.day2.internal.
    endpoint =
        Secrets.fixed(
            this,
            "Endpoint",
            "day2/redis-endpoint",
            key,
            Map.of("REDIS_HOST", group.getAttrPrimaryEndPointAddress()));

    List<NagPackSuppression> accepted = new java.util.ArrayList<>();
    if (!failover) {
      accepted.add(
          NagPackSuppression.builder()
              .id("AwsSolutions-AEC4")
              .reason(
                  "Single node in "
                      + config.name()
                      + " to halve its cost; Multi-AZ with automatic failover is on wherever"
                      + " redisReplicas > 0, and EnvConfig requires replicas in prod.")
              .build());
    }
    accepted.add(
        NagPackSuppression.builder()
            .id("AwsSolutions-AEC5")
            .reason(
                "6379 is the port every client, NetworkPolicy and exporter of the overlays"
                    + " uses; the security group admits only the private subnets and TLS plus"
                    + " AUTH are required, so a non-default port would add no protection.")
            .build());
    NagSuppressions.addResourceSuppressions(group, accepted);
  }

  public CfnReplicationGroup group() {
    return group;
  }

  public Secret auth() {
    return auth;
  }

  public Secret endpoint() {
    return endpoint;
  }
}
