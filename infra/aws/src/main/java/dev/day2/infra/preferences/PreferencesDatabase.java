package dev.day2.infra.preferences;

import dev.day2.infra.EnvConfig;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.rds.CaCertificate;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.DatabaseInstance;
import software.amazon.awscdk.services.rds.DatabaseInstanceEngine;
import software.amazon.awscdk.services.rds.DatabaseProxy;
import software.amazon.awscdk.services.rds.DatabaseSecret;
import software.amazon.awscdk.services.rds.IInstanceEngine;
import software.amazon.awscdk.services.rds.ParameterGroup;
import software.amazon.awscdk.services.rds.PostgresEngineVersion;
import software.amazon.awscdk.services.rds.PostgresInstanceEngineProps;
import software.amazon.awscdk.services.rds.ProxyTarget;
import software.amazon.awscdk.services.rds.RotationMultiUserOptions;
import software.amazon.awscdk.services.rds.RotationSingleUserOptions;
import software.amazon.awscdk.services.rds.StorageType;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;

/**
 * PostgreSQL 15 (versions.env) on RDS in the isolated subnets, reached only through RDS Proxy: the
 * proxy logs in with the generated secret (Secrets Manager auth) and requires TLS from its clients;
 * PostgreSQL itself forces TLS ({@code rds.force_ssl}). Security groups: proxy → database on 5432
 * and nothing else in; the functions' groups are let into the proxy by {@link PreferencesStack}.
 *
 * <p>Two logins (ADR 0095): the master ({@value #ADMIN_USER}), which the migration function uses
 * and which owns the schema, and the API's {@value #APP_USER}, which the migration function creates
 * with SELECT, INSERT, UPDATE, DELETE only. The proxy accepts both. Secrets Manager rotates both
 * every {@value #ROTATION_DAYS} days (ADR 0096): the master by the single-user scheme, the app
 * login by the multi-user scheme (the master makes {@value #APP_USER}_clone and the two alternate,
 * so the previous password keeps working for one period). The rotation functions run in the private
 * subnets (Secrets Manager through NAT) and are let into the database security group on 5432.
 */
final class PreferencesDatabase extends Construct {
  static final int PORT = 5432;
  static final String NAME = "preferences";
  static final String ADMIN_USER = "preferences_admin";
  static final String APP_USER = "preferences_app";
  static final int ROTATION_DAYS = 30;

  final SecurityGroup databaseGroup;
  final SecurityGroup proxyGroup;
  final DatabaseInstance instance;

  /** The storage allocated at creation (autoscaling grows it up to five times). */
  final int allocatedStorageGiB;

  final DatabaseProxy proxy;

  /** The API's login: {@value #APP_USER}, attached to the instance (host, port, dbname). */
  final ISecret appSecret;

  PreferencesDatabase(
      Construct scope, String id, EnvConfig config, PreferencesSettings settings, IVpc vpc) {
    super(scope, id);
    databaseGroup =
        SecurityGroup.Builder.create(this, "DatabaseGroup")
            .vpc(vpc)
            .description("preferences PostgreSQL: 5432 from RDS Proxy only")
            .allowAllOutbound(false)
            .build();
    proxyGroup =
        SecurityGroup.Builder.create(this, "ProxyGroup")
            .vpc(vpc)
            .description("preferences RDS Proxy: 5432 from the preferences functions only")
            .allowAllOutbound(false)
            .build();
    // proxy → database ingress: DatabaseProxy adds it itself (the instance's port, from proxyGroup)
    proxyGroup.addEgressRule(databaseGroup, Port.tcp(PORT), "to PostgreSQL");
    // allowAllOutbound(false) with no egress rule: CDK writes its "disallow all traffic" rule.

    IInstanceEngine engine =
        DatabaseInstanceEngine.postgres(
            PostgresInstanceEngineProps.builder().version(PostgresEngineVersion.VER_15).build());
    ParameterGroup parameters =
        ParameterGroup.Builder.create(this, "Parameters")
            .engine(engine)
            .description("preferences: connection budget and TLS")
            .parameters(
                Map.of(
                    "max_connections", Integer.toString(settings.dbMaxConnections()),
                    "rds.force_ssl", "1",
                    "log_min_duration_statement", "500"))
            .build();
    allocatedStorageGiB = config.isProd() ? 100 : 20;
    instance =
        DatabaseInstance.Builder.create(this, "Instance")
            .engine(engine)
            .instanceType(new InstanceType(settings.dbInstanceType()))
            .vpc(vpc)
            .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build())
            .securityGroups(List.of(databaseGroup))
            .port(PORT)
            .databaseName(NAME)
            .credentials(Credentials.fromGeneratedSecret(ADMIN_USER))
            .parameterGroup(parameters)
            .multiAz(config.isProd())
            .allocatedStorage(allocatedStorageGiB)
            .maxAllocatedStorage(allocatedStorageGiB * 5)
            .storageType(StorageType.GP3)
            .storageEncrypted(true)
            .caCertificate(CaCertificate.RDS_CA_RSA2048_G1)
            .backupRetention(Duration.days(config.backupRetentionDays()))
            .deletionProtection(config.isProd())
            .removalPolicy(config.isProd() ? RemovalPolicy.SNAPSHOT : RemovalPolicy.DESTROY)
            .enablePerformanceInsights(true)
            .cloudwatchLogsExports(List.of("postgresql", "upgrade"))
            .autoMinorVersionUpgrade(true)
            .build();
    // The consent records: in the environment's AWS Backup plan, copied to the second region in
    // prod, like the Data stack's instance.
    dev.day2.infra.Backups.tag(instance);
    appSecret =
        DatabaseSecret.Builder.create(this, "AppSecret")
            .username(APP_USER)
            .masterSecret(instance.getSecret()) // the multi-user rotation logs in as the master
            .build()
            .attach(instance);
    SubnetSelection rotationSubnets =
        SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build();
    instance.addRotationSingleUser(
        RotationSingleUserOptions.builder()
            .automaticallyAfter(Duration.days(ROTATION_DAYS))
            .vpcSubnets(rotationSubnets)
            .build());
    instance.addRotationMultiUser(
        "AppRotation",
        RotationMultiUserOptions.builder()
            .secret(appSecret)
            .automaticallyAfter(Duration.days(ROTATION_DAYS))
            .vpcSubnets(rotationSubnets)
            // the role exists only after the first migration: no rotation at deploy time
            .rotateImmediatelyOnUpdate(false)
            .build());
    proxy =
        DatabaseProxy.Builder.create(this, "Proxy")
            .proxyTarget(ProxyTarget.fromInstance(instance))
            .secrets(List.of(instance.getSecret(), appSecret))
            .vpc(vpc)
            .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build())
            .securityGroups(List.of(proxyGroup))
            .requireTls(true)
            .maxConnectionsPercent(settings.proxyMaxConnectionsPercent())
            .maxIdleConnectionsPercent(settings.proxyMaxConnectionsPercent() / 2)
            .borrowTimeout(Duration.seconds(3)) // as DB_ACQUISITION_TIMEOUT: then 503
            .idleClientTimeout(Duration.minutes(15))
            .build();
  }
}
