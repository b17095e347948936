package dev.day2.infra.preferences;

import dev.day2.infra.EnvConfig;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.nio.file.Path;
import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.route53.HostedZone;
import software.amazon.awscdk.services.route53.HostedZoneAttributes;
import software.amazon.awscdk.services.route53.IHostedZone;
import software.constructs.Construct;

/**
 * The preferences API on AWS (issue 13, ADR 0065): API Gateway HTTP API with a JWT authorizer and a
 * custom domain → the API Lambda (alias {@code live}) in the platform VPC's private subnets → RDS
 * Proxy → PostgreSQL 15 in the isolated subnets; the migration Lambda from the same archive; the
 * buckets; the alarms; the GitLab deploy identity. The outputs are the pipeline's CI/CD variables.
 */
public final class PreferencesStack extends Stack {
  private final PreferencesSettings settings;
  private final PreferencesDatabase database;
  private final PreferencesBuckets buckets;
  private final PreferencesFunctions functions;
  private final PreferencesApi api;
  private final GitLabDeployIdentity gitLab;
  private final String hostName;

  public PreferencesStack(Construct scope, String id, EnvConfig config, IVpc vpc) {
    this(scope, id, config, vpc, FunctionArchive.locate(FunctionArchive.home()));
  }

  PreferencesStack(Construct scope, String id, EnvConfig config, IVpc vpc, Path archive) {
    super(
        scope,
        id,
        StackProps.builder()
            .description(
                "Day2 "
                    + config.name()
                    + ": preferences API (API Gateway, Lambda, RDS Proxy, RDS), GitLab deploy")
            .terminationProtection(config.isProd())
            .build());
    settings = PreferencesSettings.of(config);
    hostName = config.hostName("preferences");
    // The environment's public zone (<env>.<domain>) is the platform's; its id is a deploy-time
    // parameter until the platform exposes the zone itself (no lookups at synth).
    CfnParameter zoneId =
        CfnParameter.Builder.create(this, "HostedZoneId")
            .type("AWS::Route53::HostedZone::Id")
            .description("The id of the public hosted zone " + config.zoneName())
            .build();
    IHostedZone zone =
        HostedZone.fromHostedZoneAttributes(
            this,
            "Zone",
            HostedZoneAttributes.builder()
                .hostedZoneId(zoneId.getValueAsString())
                .zoneName(config.zoneName())
                .build());

    database = new PreferencesDatabase(this, "Database", config, settings, vpc);
    buckets = new PreferencesBuckets(this, "Buckets", config, vpc);
    functions =
        new PreferencesFunctions(
            this, "Functions", config, settings, vpc, database, buckets, archive);
    api =
        new PreferencesApi(
            this,
            "Api",
            config.name(),
            settings,
            functions,
            zone,
            hostName,
            PreferencesFunctions.retention(config.logRetentionDays()));
    PreferencesAlarms alarms =
        new PreferencesAlarms(
            this, "Alarms", config.alarmEmail(), settings, api, functions, database);
    dev.day2.infra.AlarmsToSlack.add(
        this, config, "preferences-alarms", java.util.List.of(alarms.topic));
    gitLab = new GitLabDeployIdentity(this, "GitLab", config.name(), settings, buckets, functions);

    output("PreferencesUrl", "https://" + hostName, "PREFERENCES_URL");
    output("ArtifactBucket", buckets.artifacts.getBucketName(), "ARTIFACT_BUCKET");
    output("ApiFunction", functions.api.getFunctionName(), "PREFERENCES_API_FUNCTION");
    output(
        "MigrateFunction", functions.migration.getFunctionName(), "PREFERENCES_MIGRATE_FUNCTION");
    output("DeployRoleArn", gitLab.role.getRoleArn(), "AWS_DEPLOY_ROLE_ARN (OIDC)");
    output("DeployUserName", gitLab.user.getUserName(), "the IAM user (keys: see the README)");
    suppressions(config);
  }

  private void output(String id, String value, String gitLabVariable) {
    CfnOutput.Builder.create(this, id)
        .value(value)
        .description("GitLab CI/CD variable " + gitLabVariable)
        .build();
  }

  /** cdk-nag findings accepted here, each with the reason it does not apply. */
  private void suppressions(EnvConfig config) {
    suppress(
        functions,
        "AwsSolutions-IAM4",
        "AWSLambdaVPCAccessExecutionRole (ENIs, logs) and AWSXRayDaemonWriteAccess are the"
            + " AWS-maintained minimum for a traced function in a VPC; ec2 ENI actions have no"
            + " resource-level scoping.");
    suppress(
        functions,
        "AwsSolutions-IAM5",
        "Generated grants: X-Ray and ENI actions need Resource *; the API reads objects of its"
            + " one bucket (bucket/*, s3:GetObject*).");
    suppress(
        gitLab,
        "AwsSolutions-IAM5",
        "Scoped to this stack's resources: archives under the preferences/ prefix of the"
            + " artifact bucket (one per commit) and the API function's versions (function:N,"
            + " published by the pipeline, unknown at synth); GitLabPolicyTest proves the set.");
    suppress(
        buckets.accessLogs,
        "AwsSolutions-S1",
        "This bucket is the server access log target of the other two; logging it to itself"
            + " would loop.");
    suppress(
        functions.migrationFailures,
        "AwsSolutions-SQS3",
        "This queue is the migration function's on-failure destination, i.e. the dead letter"
            + " queue itself.");
    suppress(
        database,
        "AwsSolutions-RDS11",
        "5432: security groups admit only RDS Proxy, and the proxy only the two functions; a"
            + " non-default port hides nothing.");
    if (!config.isProd()) {
      suppress(
          database,
          "AwsSolutions-RDS3",
          "Single-AZ outside prod to save cost; prod is Multi-AZ (PreferencesStackTest).");
      suppress(
          database,
          "AwsSolutions-RDS10",
          "Deletion protection only in prod; dev and staging are rebuilt at will.");
    }
  }

  private static void suppress(Construct construct, String rule, String reason) {
    NagSuppressions.addResourceSuppressions(
        construct, List.of(NagPackSuppression.builder().id(rule).reason(reason).build()), true);
  }

  public PreferencesSettings settings() {
    return settings;
  }

  public String hostName() {
    return hostName;
  }
}
