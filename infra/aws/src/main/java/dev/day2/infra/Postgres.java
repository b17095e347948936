package dev.day2.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.DatabaseInstance;
import software.amazon.awscdk.services.rds.DatabaseInstanceEngine;
import software.amazon.awscdk.services.rds.ParameterGroup;
import software.amazon.awscdk.services.rds.PerformanceInsightRetention;
import software.amazon.awscdk.services.rds.PostgresEngineVersion;
import software.amazon.awscdk.services.rds.PostgresInstanceEngineProps;
import software.amazon.awscdk.services.rds.RotationMultiUserOptions;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.constructs.Construct;

/**
 * RDS for PostgreSQL 15 (versions.env POSTGRES_MAJOR, the major every other topology runs):
 * encrypted, TLS forced, automated backups with point-in-time recovery, Performance Insights;
 * Multi-AZ and deletion protection in prod. The master login and one login per service (and the
 * exporter's) are generated secrets, rotated every 30 days by Secrets Manager's hosted rotation
 * functions.
 */
public final class Postgres extends Construct {
  static final int PORT = 5432;
  private static final List<String> LOG_TYPES = List.of("postgresql", "upgrade");

  private final DatabaseInstance instance;
  private final Secret master;

  /**
   * The instance class's memory in GiB, 0 when unknown: the general-purpose and burstable classes
   * double from 1 GiB (micro) per size, the memory-optimised ones (r) have twice that.
   */
  static int memoryGiB(String instanceType) {
    String[] parts = instanceType.split("\\.");
    if (parts.length != 2 || !parts[0].matches("t3|t4g|m6g|m6i|m7g|r6g|r7g")) {
      return 0;
    }
    int base =
        switch (parts[1]) {
          case "micro" -> 1;
          case "small" -> 2;
          case "medium" -> 4;
          case "large" -> 8;
          case "xlarge" -> 16;
          case "2xlarge" -> 32;
          case "4xlarge" -> 64;
          default -> 0;
        };
    if (parts[0].startsWith("m") && base < 8 || parts[0].startsWith("r") && base < 8) {
      return 0; // m and r start at large
    }
    return parts[0].startsWith("r") ? base * 2 : base;
  }

  /**
   * RDS PostgreSQL's default {@code max_connections}: LEAST(DBInstanceClassMemory / 9531392, 5000),
   * from the class's nominal memory (DBInstanceClassMemory is a little less: RDS keeps some).
   */
  static int defaultMaxConnections(String instanceType) {
    return (int) Math.min(memoryGiB(instanceType) * 1024L * 1024 * 1024 / 9531392, 5000);
  }

  Postgres(Construct scope, String id, EnvConfig config, IVpc vpc, IKey key) {
    super(scope, id);
    master = Secrets.login(this, "Master", "day2/postgres-master", key, "day2admin");

    ParameterGroup parameters =
        ParameterGroup.Builder.create(this, "Parameters")
            .engine(engine())
            .description("Day2 PostgreSQL: TLS only, log slow statements")
            .parameters(
                Map.of(
                    "rds.force_ssl", "1",
                    "log_min_duration_statement", "500",
                    "password_encryption", "scram-sha-256"))
            .build();

    // RDS creates its log groups on first export, without retention: make them first instead.
    String identifier = identifier(config);
    List<LogGroup> logGroups = new java.util.ArrayList<>();
    for (String type : LOG_TYPES) {
      logGroups.add(
          LogGroup.Builder.create(this, "Log-" + type)
              .logGroupName("/aws/rds/instance/" + identifier + "/" + type)
              .retention(Retention.days(config.logRetentionDays()))
              .encryptionKey(key)
              .removalPolicy(RemovalPolicy.DESTROY)
              .build());
    }
    instance =
        DatabaseInstance.Builder.create(this, "Instance")
            .engine(engine())
            .instanceType(
                new software.amazon.awscdk.services.ec2.InstanceType(config.postgresInstanceType()))
            .vpc(vpc)
            .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build())
            .credentials(Credentials.fromSecret(master))
            .parameterGroup(parameters)
            .port(PORT)
            .multiAz(config.postgresMultiAz())
            .allocatedStorage(config.postgresStorageGiB())
            .maxAllocatedStorage(config.postgresStorageGiB() * 4)
            .storageEncrypted(true)
            .storageEncryptionKey(key)
            .backupRetention(Duration.days(config.backupRetentionDays()))
            .preferredBackupWindow("01:00-02:00")
            .preferredMaintenanceWindow("sun:04:00-sun:05:00")
            .copyTagsToSnapshot(true)
            .deletionProtection(config.isProd())
            .removalPolicy(config.isProd() ? RemovalPolicy.RETAIN : RemovalPolicy.SNAPSHOT)
            .enablePerformanceInsights(true)
            .performanceInsightEncryptionKey(key)
            .performanceInsightRetention(PerformanceInsightRetention.DEFAULT)
            .monitoringInterval(Duration.seconds(60))
            .instanceIdentifier(identifier)
            .cloudwatchLogsExports(LOG_TYPES)
            .iamAuthentication(true)
            .autoMinorVersionUpgrade(true)
            .build();
    Backups.tag(instance);
    logGroups.forEach(group -> instance.getNode().addDependency(group));
    for (var subnet : vpc.getPrivateSubnets()) {
      instance
          .getConnections()
          .allowFrom(
              Peer.ipv4(subnet.getIpv4CidrBlock()),
              Port.tcp(PORT),
              "PostgreSQL from " + subnet.getNode().getId());
    }

    instance.addRotationSingleUser();
    login("Preferences", "day2/preferences-db", "preferences", key);
    login("Tiles", "day2/tiles-db", "tiles", key);
    login("Monitor", "day2/postgres-monitor", "day2_monitor", key);

    List<NagPackSuppression> accepted = new java.util.ArrayList<>();
    if (!config.isProd()) {
      accepted.add(
          NagPackSuppression.builder()
              .id("AwsSolutions-RDS10")
              .reason(
                  config.name()
                      + " is torn down and rebuilt at will (snapshot on delete); deletion"
                      + " protection is on in prod.")
              .build());
    }
    if (!config.postgresMultiAz()) {
      accepted.add(
          NagPackSuppression.builder()
              .id("AwsSolutions-RDS3")
              .reason(
                  "Single-AZ in "
                      + config.name()
                      + " to halve its cost; EnvConfig requires Multi-AZ in prod.")
              .build());
    }
    accepted.add(
        NagPackSuppression.builder()
            .id("AwsSolutions-IAM4")
            .appliesTo(
                List.of(
                    "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
                        + "AmazonRDSEnhancedMonitoringRole"))
            .reason(
                "Enhanced Monitoring's role: the AWS policy is the one RDS documents for it and"
                    + " grants only writes to the RDSOSMetrics log group.")
            .build());
    accepted.add(
        NagPackSuppression.builder()
            .id("AwsSolutions-RDS11")
            .reason(
                "5432 is the port the overlays' NetworkPolicies and clients use; the security"
                    + " group admits only the private subnets and TLS is forced, so a"
                    + " non-default port would add no protection.")
            .build());
    NagSuppressions.addResourceSuppressions(instance, accepted, true);
  }

  /** A service's login: attached to the instance (host, port) and rotated with the master. */
  private void login(String id, String name, String user, IKey key) {
    Secret secret = Secrets.login(this, id, name, key, user);
    secret.attach(instance);
    instance.addRotationMultiUser(id, RotationMultiUserOptions.builder().secret(secret).build());
  }

  /** The instance identifier; alarms and backups name the instance by it. */
  static String identifier(EnvConfig config) {
    return "day2-" + config.name() + "-postgres";
  }

  private static software.amazon.awscdk.services.rds.IInstanceEngine engine() {
    return DatabaseInstanceEngine.postgres(
        PostgresInstanceEngineProps.builder().version(PostgresEngineVersion.VER_15).build());
  }

  public DatabaseInstance instance() {
    return instance;
  }

  public Secret master() {
    return master;
  }
}
