package dev.day2.infra.preferences;

import dev.day2.infra.EnvConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.ParamsAndSecretsLayerVersion;
import software.amazon.awscdk.services.lambda.ParamsAndSecretsOptions;
import software.amazon.awscdk.services.lambda.ParamsAndSecretsVersions;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.lambda.destinations.SqsDestination;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The two functions of the one archive (services/preferences/README.md § Lambda): the API behind
 * API Gateway (alias {@code live}, SnapStart on published versions, reserved concurrency from the
 * connection arithmetic) and the migration function the pipeline invokes (one at a time, no
 * retries). Each has its own role and security group; both reach only RDS Proxy on 5432 and HTTPS
 * (Secrets Manager through the extension; the API also the third-party API through NAT and S3
 * through the gateway endpoint).
 */
final class PreferencesFunctions extends Construct {
  static final String API_HANDLER =
      "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";
  static final String MIGRATION_HANDLER = "dev.day2.preferences.lambda.MigrationHandler::migrate";

  /** How long the secrets extension keeps the API's login before asking Secrets Manager again. */
  static final int SECRET_CACHE_SECONDS = 60;

  /** services/preferences/README.md: Java 25 needs it outside {@code java -jar}. */
  static final String JAVA_TOOL_OPTIONS = "--add-opens=java.base/java.lang=ALL-UNNAMED";

  static final String ALIAS = "live";

  final SecurityGroup apiGroup;
  final SecurityGroup migrationGroup;
  final Function api;
  final Alias live;
  final Function migration;
  final Queue migrationFailures;

  PreferencesFunctions(
      Construct scope,
      String id,
      EnvConfig config,
      PreferencesSettings settings,
      IVpc vpc,
      PreferencesDatabase database,
      PreferencesBuckets buckets,
      Path archive) {
    super(scope, id);
    RetentionDays retention = retention(config.logRetentionDays());
    SubnetSelection privateSubnets =
        SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build();
    Code code = Code.fromAsset(archive.toString());

    apiGroup = group(vpc, "ApiGroup", "preferences API function: out to RDS Proxy and HTTPS");
    migrationGroup =
        group(vpc, "MigrationGroup", "preferences migration function: out to RDS Proxy and HTTPS");
    for (SecurityGroup group : List.of(apiGroup, migrationGroup)) {
      group.addEgressRule(database.proxyGroup, Port.tcp(PreferencesDatabase.PORT), "RDS Proxy");
      group.addEgressRule(Peer.anyIpv4(), Port.tcp(443), "HTTPS: Secrets Manager, S3, APIs");
      database.proxyGroup.addIngressRule(
          group, Port.tcp(PreferencesDatabase.PORT), "from " + group.getNode().getId());
    }

    Map<String, String> db = new HashMap<>();
    db.put("DB_HOST", database.proxy.getEndpoint());
    db.put("DB_PORT", Integer.toString(PreferencesDatabase.PORT));
    db.put("DB_NAME", PreferencesDatabase.NAME);
    db.put("JAVA_TOOL_OPTIONS", JAVA_TOOL_OPTIONS);

    // ADR 0095: the API logs in as the least-privilege app login; the migration function as the
    // master, which owns the schema and creates the app login from its secret.
    Map<String, String> apiEnv = new HashMap<>(db);
    apiEnv.put("DB_SECRET_ARN", database.appSecret.getSecretArn());
    db.put("DB_SECRET_ARN", database.instance.getSecret().getSecretArn());
    db.put("APP_DB_SECRET_ARN", database.appSecret.getSecretArn());
    apiEnv.put("DB_POOL_MAX_SIZE", Integer.toString(settings.apiPoolSize()));
    apiEnv.put("JWT_ISSUER", settings.issuer());
    apiEnv.put("JWT_AUDIENCE", settings.audience());
    apiEnv.put("JWT_PUBLIC_KEY_LOCATION", settings.jwksUrl());
    apiEnv.put("LARGE_OBJECTS_BUCKET", buckets.largeObjects.getBucketName());

    api =
        Function.Builder.create(this, "Api")
            .description("preferences API (API Gateway HTTP API, payload 2.0)")
            .runtime(Runtime.JAVA_25)
            .architecture(Architecture.ARM_64)
            .handler(API_HANDLER)
            .code(code)
            .memorySize(settings.apiMemoryMiB())
            .timeout(Duration.seconds(29)) // API Gateway gives up at 30 s
            .role(role("ApiRole", "the preferences API function"))
            .vpc(vpc)
            .vpcSubnets(privateSubnets)
            .securityGroups(List.of(apiGroup))
            .environment(apiEnv)
            // The datasource reads the secret per new connection (SecretCredentialsProvider): a
            // rotated login reaches it within this cache lifetime (ADR 0096).
            .paramsAndSecrets(
                ParamsAndSecretsLayerVersion.fromVersion(
                    ParamsAndSecretsVersions.V1_0_103,
                    ParamsAndSecretsOptions.builder()
                        .secretsManagerTtl(Duration.seconds(SECRET_CACHE_SECONDS))
                        .build()))
            .reservedConcurrentExecutions(settings.apiReservedConcurrency())
            .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
            .tracing(Tracing.ACTIVE)
            .loggingFormat(LoggingFormat.JSON)
            .logGroup(logGroup("ApiLogs", retention))
            .build();
    live =
        Alias.Builder.create(this, "Live")
            .aliasName(ALIAS)
            .version(api.getCurrentVersion())
            .build();
    database.appSecret.grantRead(api);
    buckets.largeObjects.grantRead(api);

    migrationFailures =
        Queue.Builder.create(this, "MigrationFailures")
            .encryption(QueueEncryption.SQS_MANAGED)
            .enforceSsl(true)
            .retentionPeriod(Duration.days(14))
            .build();
    migration =
        Function.Builder.create(this, "Migration")
            .description("preferences Flyway migrations; invoked by the pipeline before deploys")
            .runtime(Runtime.JAVA_25)
            .architecture(Architecture.ARM_64)
            .handler(MIGRATION_HANDLER)
            .code(code)
            .memorySize(1024)
            .timeout(Duration.minutes(10))
            .role(role("MigrationRole", "the preferences migration function"))
            .vpc(vpc)
            .vpcSubnets(privateSubnets)
            .securityGroups(List.of(migrationGroup))
            .environment(db)
            .paramsAndSecrets(
                ParamsAndSecretsLayerVersion.fromVersion(ParamsAndSecretsVersions.V1_0_103))
            .reservedConcurrentExecutions(PreferencesSettings.MIGRATION_CONCURRENCY)
            // The pipeline invokes it synchronously; an asynchronous invocation must never be
            // retried (a half-applied migration is retried by a person) and lands in a queue.
            .retryAttempts(0)
            .onFailure(new SqsDestination(migrationFailures))
            .tracing(Tracing.ACTIVE)
            .loggingFormat(LoggingFormat.JSON)
            .logGroup(logGroup("MigrationLogs", retention))
            .build();
    database.instance.getSecret().grantRead(migration);
    database.appSecret.grantRead(migration);
  }

  private SecurityGroup group(IVpc vpc, String id, String description) {
    return SecurityGroup.Builder.create(this, id)
        .vpc(vpc)
        .description(description)
        .allowAllOutbound(false)
        .build();
  }

  /** Logs and ENIs only (the VPC access policy); grants are added per function. */
  private Role role(String id, String what) {
    return Role.Builder.create(this, id)
        .description("Runs " + what)
        .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
        .managedPolicies(
            List.of(
                ManagedPolicy.fromAwsManagedPolicyName(
                    "service-role/AWSLambdaVPCAccessExecutionRole"),
                ManagedPolicy.fromAwsManagedPolicyName("AWSXRayDaemonWriteAccess")))
        .build();
  }

  private LogGroup logGroup(String id, RetentionDays retention) {
    return LogGroup.Builder.create(this, id)
        .retention(retention)
        .removalPolicy(RemovalPolicy.DESTROY)
        .build();
  }

  /** The shortest CloudWatch retention that keeps at least {@code days} (cdk.json's setting). */
  static RetentionDays retention(int days) {
    if (days <= 7) {
      return RetentionDays.ONE_WEEK;
    }
    if (days <= 30) {
      return RetentionDays.ONE_MONTH;
    }
    if (days <= 90) {
      return RetentionDays.THREE_MONTHS;
    }
    return days <= 365 ? RetentionDays.ONE_YEAR : RetentionDays.TEN_YEARS;
  }
}
