package dev.day2.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.events.CronOptions;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.CfnBucket;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;

/**
 * ElastiCache's snapshots in a second region (prod). AWS Backup has no ElastiCache resource type,
 * and ElastiCache copies snapshots only within a region, so: every day after the snapshot window
 * (02:00–03:00 UTC) a small function exports the newest automatic snapshot of the replication group
 * as an RDB file to a bucket in this region ({@code CopySnapshot} with a target bucket), and S3
 * replication copies that bucket to the one {@link BackupCopyStack} makes in {@code
 * backupCopyRegion}. A failed export raises the function's error alarm on the platform topic. ADR
 * 0100.
 */
final class RedisSnapshotExport extends Construct {
  /** Runs in the Lambda Python runtime; boto3 is part of it. */
  static final String HANDLER_CODE =
      String.join(
          "\n",
          "import os",
          "import boto3",
          "",
          "elasticache = boto3.client('elasticache')",
          "",
          "",
          "def handler(event, context):",
          "    group = os.environ['REPLICATION_GROUP']",
          "    pages = elasticache.get_paginator('describe_snapshots').paginate(",
          "        ReplicationGroupId=group, SnapshotSource='system')",
          "    ready = [s for page in pages for s in page['Snapshots']",
          "             if s['SnapshotStatus'] == 'available' and s['NodeSnapshots']]",
          "    if not ready:",
          "        raise RuntimeError('no available automatic snapshot of ' + group)",
          "    newest = max(ready, key=lambda s: s['NodeSnapshots'][0]['SnapshotCreateTime'])",
          "    source = newest['SnapshotName']",
          "    target = 'export-' + source.removeprefix('automatic.')",
          "    elasticache.copy_snapshot(SourceSnapshotName=source, TargetSnapshotName=target,",
          "                              TargetBucket=os.environ['BUCKET'])",
          "    print({'exported': source, 'object': target, 'bucket': os.environ['BUCKET']})",
          "    return {'exported': source, 'object': target}",
          "");

  RedisSnapshotExport(Construct scope, String id, EnvConfig config, ITopic topic) {
    super(scope, id);
    String group = Redis.replicationGroupId(config);
    String arnPrefix = "arn:aws:elasticache:" + config.region() + ":" + config.account() + ":";
    Bucket bucket =
        RetainedBucket.builder(this, "Bucket", config.backupRetentionDays(), 1)
            .bucketName(exportBucketName(config))
            .build();
    // ElastiCache writes the exported RDB file itself, as this service principal (ElastiCache user
    // guide, "Grant ElastiCache access to your Amazon S3 bucket").
    bucket.addToResourcePolicy(
        PolicyStatement.Builder.create()
            .sid("ElastiCacheExport")
            .effect(Effect.ALLOW)
            .principals(
                List.of(
                    new ServicePrincipal(config.region() + ".elasticache-snapshot.amazonaws.com")))
            .actions(
                List.of(
                    "s3:PutObject",
                    "s3:GetObject",
                    "s3:ListBucket",
                    "s3:GetBucketAcl",
                    "s3:ListMultipartUploadParts",
                    "s3:ListBucketMultipartUploads"))
            .resources(List.of(bucket.getBucketArn(), bucket.arnForObjects("*")))
            .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", config.account())))
            .build());

    String copyBucketArn = "arn:aws:s3:::" + BackupCopyStack.redisBucketName(config);
    // By name, not by reference: the bucket's replication configuration names this role, so a
    // reference back to the bucket would be a cycle.
    String bucketArn = "arn:aws:s3:::" + exportBucketName(config);
    Role replication =
        Role.Builder.create(this, "ReplicationRole")
            .description(
                "S3 replication of " + group + " snapshot exports to " + config.backupCopyRegion())
            .assumedBy(new ServicePrincipal("s3.amazonaws.com"))
            .inlinePolicies(
                Map.of(
                    "Replicate",
                    PolicyDocument.Builder.create()
                        .statements(
                            List.of(
                                statement(
                                    "ReadSourceConfiguration",
                                    List.of("s3:GetReplicationConfiguration", "s3:ListBucket"),
                                    List.of(bucketArn)),
                                statement(
                                    "ReadSourceObjects",
                                    List.of(
                                        "s3:GetObjectVersionForReplication",
                                        "s3:GetObjectVersionAcl",
                                        "s3:GetObjectVersionTagging"),
                                    List.of(bucketArn + "/*")),
                                statement(
                                    "WriteCopies",
                                    List.of(
                                        "s3:ReplicateObject",
                                        "s3:ReplicateDelete",
                                        "s3:ReplicateTags"),
                                    List.of(copyBucketArn + "/*"))))
                        .build()))
            .build();
    ((CfnBucket) bucket.getNode().getDefaultChild())
        .setReplicationConfiguration(
            CfnBucket.ReplicationConfigurationProperty.builder()
                .role(replication.getRoleArn())
                .rules(
                    List.of(
                        CfnBucket.ReplicationRuleProperty.builder()
                            .id("to-" + config.backupCopyRegion())
                            .status("Enabled")
                            .destination(
                                CfnBucket.ReplicationDestinationProperty.builder()
                                    .bucket(copyBucketArn)
                                    .build())
                            .build()))
                .build());

    LogGroup logs =
        LogGroup.Builder.create(this, "Logs")
            .logGroupName("/aws/lambda/" + functionName(config))
            .retention(Retention.days(config.logRetentionDays()))
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();
    Role role =
        Role.Builder.create(this, "FunctionRole")
            .description(
                "Export " + group + "'s newest automatic snapshot to " + exportBucketName(config))
            .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
            .inlinePolicies(
                Map.of(
                    "Export",
                    PolicyDocument.Builder.create()
                        .statements(
                            List.of(
                                statement(
                                    "FindSnapshots",
                                    List.of("elasticache:DescribeSnapshots"),
                                    List.of("*")),
                                statement(
                                    "ExportSnapshot",
                                    List.of("elasticache:CopySnapshot"),
                                    List.of(
                                        arnPrefix + "snapshot:automatic." + group + "-*",
                                        arnPrefix + "snapshot:export-" + group + "-*")),
                                statement(
                                    "WriteExport",
                                    List.of(
                                        "s3:GetBucketLocation", "s3:ListBucket", "s3:PutObject"),
                                    List.of(bucket.getBucketArn(), bucket.arnForObjects("*"))),
                                statement(
                                    "Log",
                                    List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                                    List.of(logs.getLogGroupArn()))))
                        .build()))
            .build();
    NagSuppressions.addResourceSuppressions(
        role,
        List.of(
            NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason(
                    "DescribeSnapshots has no resource-level permission; automatic snapshot names"
                        + " end in their date, so the group's prefix is the narrowest name; the"
                        + " export writes objects of its own bucket only.")
                .build()),
        true);
    NagSuppressions.addResourceSuppressions(
        replication,
        List.of(
            NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason(
                    "S3 replication reads every object version of the export bucket and writes"
                        + " the same keys to the copy bucket: object ARNs are not known in advance.")
                .build()),
        true);
    NagSuppressions.addResourceSuppressions(
        bucket,
        List.of(
            NagPackSuppression.builder()
                .id("AwsSolutions-S1")
                .reason(
                    "Only ElastiCache (bucket policy) and the export function write here, once a"
                        + " day; the export function's log and CloudTrail record each export.")
                .build()),
        true);

    Function function =
        Function.Builder.create(this, "Function")
            .functionName(functionName(config))
            .description(
                "Export "
                    + group
                    + "'s newest automatic snapshot (copy to "
                    + config.backupCopyRegion()
                    + ")")
            .runtime(Runtime.PYTHON_3_14)
            .handler("index.handler")
            .code(Code.fromInline(HANDLER_CODE))
            .role(role)
            .logGroup(logs)
            .timeout(Duration.minutes(1))
            .environment(Map.of("REPLICATION_GROUP", group, "BUCKET", bucket.getBucketName()))
            .build();
    Rule.Builder.create(this, "Daily")
        .description("After " + group + "'s snapshot window (02:00-03:00 UTC)")
        .schedule(Schedule.cron(CronOptions.builder().hour("4").minute("30").build()))
        .targets(List.of(new LambdaFunction(function)))
        .build();
    Alarm failed =
        Alarm.Builder.create(this, "ExportFailed")
            .alarmDescription(
                "The daily export of "
                    + group
                    + "'s snapshot to "
                    + config.backupCopyRegion()
                    + " failed"
                    + Runbooks.cite("RedisSnapshotExportFailed"))
            .metric(
                function.metricErrors(MetricOptions.builder().period(Duration.hours(1)).build()))
            .threshold(0)
            .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
            .evaluationPeriods(1)
            .treatMissingData(TreatMissingData.NOT_BREACHING)
            .build();
    failed.addAlarmAction(new SnsAction(topic));
  }

  private static PolicyStatement statement(
      String sid, List<String> actions, List<String> resources) {
    return PolicyStatement.Builder.create()
        .sid(sid)
        .effect(Effect.ALLOW)
        .actions(actions)
        .resources(resources)
        .build();
  }

  static String exportBucketName(EnvConfig config) {
    return "day2-" + config.name() + "-redis-export-" + config.account() + "-" + config.region();
  }

  static String functionName(EnvConfig config) {
    return "day2-" + config.name() + "-redis-snapshot-export";
  }
}
