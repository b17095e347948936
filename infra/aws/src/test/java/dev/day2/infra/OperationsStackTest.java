package dev.day2.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class OperationsStackTest {

  private static Template ops(String env) {
    return Template.fromStack(Synth.stage(env).operations());
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void platformAlarmsGoToTheEncryptedTopic(String env) {
    Template t = ops(env);
    t.hasResourceProperties("AWS::SNS::Topic", Map.of("KmsMasterKeyId", Match.anyValue()));
    t.hasResourceProperties(
        "AWS::SNS::Subscription",
        Map.of("Protocol", "email", "Endpoint", "platform-alerts@day2.example"));
    for (String metric :
        new String[] {
          "CPUUtilization", "FreeStorageSpace", "DatabaseConnections", "ErrorPortAllocation"
        }) {
      t.hasResourceProperties(
          "AWS::CloudWatch::Alarm", Map.of("MetricName", metric, "AlarmActions", Match.anyValue()));
    }
  }

  @Test
  void prodWatchesEveryNatGateway() {
    assertThat(
            ops("prod")
                .findResources(
                    "AWS::CloudWatch::Alarm",
                    Map.of("Properties", Map.of("MetricName", "ErrorPortAllocation"))))
        .hasSize(3);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void budgetTrailAndBackups(String env) {
    Template t = ops(env);
    t.hasResourceProperties(
        "AWS::Budgets::Budget",
        Map.of("Budget", Map.of("BudgetName", "day2-" + env + "-monthly", "TimeUnit", "MONTHLY")));
    t.hasResourceProperties(
        "AWS::CloudTrail::Trail",
        Map.of(
            "IsMultiRegionTrail",
            true,
            "EnableLogFileValidation",
            true,
            "KMSKeyId",
            Match.anyValue()));
    t.hasResourceProperties(
        "AWS::Backup::BackupSelection",
        Map.of(
            "BackupSelection",
            Map.of(
                "ListOfTags",
                java.util.List.of(
                    Map.of(
                        "ConditionType", "STRINGEQUALS",
                        "ConditionKey", Backups.TAG_KEY,
                        "ConditionValue", Backups.TAG_VALUE)))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  @SuppressWarnings("unchecked")
  void everyDatabaseOfTheEnvironmentIsInTheBackupPlan(String env) {
    // Both RDS instances, the Data stack's and the preferences API's (the consent records), carry
    // the tag the plan selects; a database without it would have no copy in the second region.
    Day2Stage stage = Synth.stage(env);
    int databases = 0;
    for (software.amazon.awscdk.Stack stack :
        java.util.List.of(
            stage.data(),
            (software.amazon.awscdk.Stack) stage.getNode().findChild("Preferences"))) {
      for (Map<String, Object> instance :
          Template.fromStack(stack).findResources("AWS::RDS::DBInstance").values()) {
        databases++;
        Map<String, Object> properties = (Map<String, Object>) instance.get("Properties");
        assertThat((java.util.List<Map<String, String>>) properties.get("Tags"))
            .as("%s: %s", stack.getStackName(), properties.get("DBInstanceIdentifier"))
            .contains(Map.of("Key", Backups.TAG_KEY, "Value", Backups.TAG_VALUE));
      }
    }
    assertThat(databases).isEqualTo(2);
  }

  @Test
  void prodCopiesBackupsToTheSecondRegion() {
    String plan = String.valueOf(ops("prod").findResources("AWS::Backup::BackupPlan"));
    assertThat(plan)
        .contains("arn:aws:backup:eu-central-1:333333333333:backup-vault:day2-prod-copy");
    assertThat(String.valueOf(ops("dev").findResources("AWS::Backup::BackupPlan")))
        .doesNotContain("CopyActions");
  }

  @Test
  void elastiCacheEventsGoToTheAlarmsTopic() {
    Template.fromStack(Synth.stage("prod").data())
        .hasResourceProperties(
            "AWS::ElastiCache::ReplicationGroup",
            Map.of(
                "NotificationTopicArn", Match.anyValue(), "ReplicationGroupId", "day2-prod-redis"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void nodeGroupHealthAlarmsReadContainerInsights(String env) {
    Template t = ops(env);
    Map<String, Object> cluster = Map.of("Name", "ClusterName", "Value", "day2-" + env);
    t.hasResourceProperties(
        "AWS::CloudWatch::Alarm",
        Map.of(
            "Namespace",
            "ContainerInsights",
            "MetricName",
            "cluster_failed_node_count",
            "Dimensions",
            java.util.List.of(cluster),
            "ComparisonOperator",
            "GreaterThanThreshold",
            "Threshold",
            0,
            "EvaluationPeriods",
            3,
            "TreatMissingData",
            "breaching",
            "AlarmActions",
            Match.anyValue(),
            "AlarmDescription",
            Match.stringLikeRegexp(".*" + PlatformAlarms.EKS_RUNBOOK + ".*")));
    t.hasResourceProperties(
        "AWS::CloudWatch::Alarm",
        Map.of(
            "Namespace", "ContainerInsights",
            "MetricName", "cluster_node_count",
            "Dimensions", java.util.List.of(cluster),
            "ComparisonOperator", "LessThanThreshold",
            "Threshold", Synth.stage(env).config().nodeMin(),
            "TreatMissingData", "breaching",
            "AlarmActions", Match.anyValue()));
    assertThat(Synth.HOME.resolve(Runbooks.path(PlatformAlarms.EKS_RUNBOOK))).exists();
  }

  /**
   * The dead man's switch (ADR 0135): no beat for three 5-minute periods, missing data included.
   */
  @ParameterizedTest
  @ValueSource(strings = {"staging", "prod"})
  void theHeartbeatsStoppingAlarmsOnTheTopic(String env) {
    Template t = ops(env);
    t.hasResourceProperties(
        "AWS::CloudWatch::Alarm",
        Map.ofEntries(
            Map.entry("AlarmName", "day2-" + env + "-monitoring-heartbeat"),
            Map.entry("Namespace", "Day2/Monitoring"),
            Map.entry("MetricName", "WatchdogHeartbeat"),
            Map.entry("Statistic", "SampleCount"),
            Map.entry("Period", 300),
            Map.entry("ComparisonOperator", "LessThanThreshold"),
            Map.entry("Threshold", 1),
            Map.entry("EvaluationPeriods", 3),
            Map.entry("DatapointsToAlarm", 3),
            Map.entry("TreatMissingData", "breaching"),
            Map.entry("AlarmActions", List.of(Map.of("Ref", Match.stringLikeRegexp("Alarms.*")))),
            Map.entry("OKActions", List.of(Map.of("Ref", Match.stringLikeRegexp("Alarms.*"))))));
    assertThat(Synth.HOME.resolve(Runbooks.path(MonitoringHeartbeat.RUNBOOK))).exists();
  }

  /** dev's overlay runs no heartbeat (no components/monitoring-aws): an alarm would never clear. */
  @Test
  void devHasNoHeartbeatAlarm() {
    assertThat(ops("dev").findResources("AWS::CloudWatch::Alarm").values())
        .noneMatch(a -> String.valueOf(a).contains("WatchdogHeartbeat"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void prodExportsRedisSnapshotsAndReplicatesThemToTheSecondRegion() {
    Template t = ops("prod");
    t.hasResourceProperties(
        "AWS::S3::Bucket",
        Map.of(
            "BucketName", "day2-prod-redis-export-333333333333-eu-west-1",
            "VersioningConfiguration", Map.of("Status", "Enabled"),
            "ReplicationConfiguration",
                Map.of(
                    "Rules",
                    java.util.List.of(
                        Map.of(
                            "Id", "to-eu-central-1",
                            "Status", "Enabled",
                            "Destination",
                                Map.of(
                                    "Bucket",
                                    "arn:aws:s3:::day2-prod-redis-export-333333333333-eu-central-1"))))));
    t.hasResourceProperties(
        "AWS::Lambda::Function",
        Map.of(
            "FunctionName",
            "day2-prod-redis-snapshot-export",
            "Environment",
            Map.of(
                "Variables",
                Map.of("REPLICATION_GROUP", "day2-prod-redis", "BUCKET", Match.anyValue()))));
    assertThat(RedisSnapshotExport.HANDLER_CODE)
        .contains("SnapshotSource='system'", "copy_snapshot(", "TargetBucket=os.environ['BUCKET']");
    t.hasResourceProperties(
        "AWS::Events::Rule", Map.of("ScheduleExpression", "cron(30 4 * * ? *)"));
    t.hasResourceProperties(
        "AWS::CloudWatch::Alarm",
        Map.of(
            "MetricName", "Errors", "Namespace", "AWS/Lambda", "AlarmActions", Match.anyValue()));
    // ElastiCache itself writes the export: the regional service principal, this account only.
    String policy = String.valueOf(t.findResources("AWS::S3::BucketPolicy"));
    assertThat(policy)
        .contains("eu-west-1.elasticache-snapshot.amazonaws.com", "aws:SourceAccount=333333333333");

    var statements =
        Iam.statements(Iam.roleByDescription(t, "Export day2-prod-redis's newest automatic"));
    assertThat(statements).hasSize(4);
    assertThat(statements.get(0))
        .isEqualTo(
            Map.of(
                "Sid", "FindSnapshots",
                "Effect", "Allow",
                "Action", "elasticache:DescribeSnapshots",
                "Resource", "*"));
    assertThat(statements.get(1))
        .isEqualTo(
            Map.of(
                "Sid", "ExportSnapshot",
                "Effect", "Allow",
                "Action", "elasticache:CopySnapshot",
                "Resource",
                    java.util.List.of(
                        "arn:aws:elasticache:eu-west-1:333333333333:snapshot:automatic.day2-prod-redis-*",
                        "arn:aws:elasticache:eu-west-1:333333333333:snapshot:export-day2-prod-redis-*")));
    assertThat(statements.get(2).get("Action"))
        .isEqualTo(java.util.List.of("s3:GetBucketLocation", "s3:ListBucket", "s3:PutObject"));
    assertThat(statements.get(3).get("Action"))
        .isEqualTo(java.util.List.of("logs:CreateLogStream", "logs:PutLogEvents"));
    var replication = Iam.statements(Iam.roleByDescription(t, "S3 replication of day2-prod-redis"));
    assertThat(replication.stream().map(s -> s.get("Sid")))
        .containsExactly("ReadSourceConfiguration", "ReadSourceObjects", "WriteCopies");
    assertThat(replication.get(2).get("Resource"))
        .isEqualTo("arn:aws:s3:::day2-prod-redis-export-333333333333-eu-central-1/*");

    Template copy = Template.fromStack(Synth.stage("prod").backupCopy());
    copy.hasResourceProperties(
        "AWS::S3::Bucket",
        Map.of(
            "BucketName",
            "day2-prod-redis-export-333333333333-eu-central-1",
            "VersioningConfiguration",
            Map.of("Status", "Enabled")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging"})
  void environmentsWithoutACopyRegionExportNothing(String env) {
    ops(env).resourceCountIs("AWS::Lambda::Function", 0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void anOutsideInCanaryChecksThePublicHostsAndAlarmsOnTheTopic(String env) throws Exception {
    Template t = ops(env);
    t.hasResourceProperties(
        "AWS::Synthetics::Canary",
        Map.of(
            "Name",
            "day2-" + env + "-outside",
            "RuntimeVersion",
            "syn-nodejs-puppeteer-9.1",
            "Schedule",
            Match.objectLike(Map.of("Expression", "rate(5 minutes)")),
            "Code",
            Map.of(
                "Handler",
                "index.handler",
                "Script",
                java.nio.file.Files.readString(
                    java.nio.file.Path.of("src/main/resources" + OutsideInCanary.SCRIPT))),
            "RunConfig",
            Match.objectLike(
                Map.of(
                    "EnvironmentVariables",
                    Map.of(
                        "ZONE",
                        env + ".day2.example",
                        "TILESET",
                        Contract.TILESET_ID,
                        "CERT_MIN_DAYS",
                        "14")))));
    t.hasResourceProperties(
        "AWS::CloudWatch::Alarm",
        Map.of(
            "AlarmName",
            "day2-" + env + "-OutsideInCheckFailed",
            "Namespace",
            "CloudWatchSynthetics",
            "MetricName",
            "SuccessPercent",
            "Dimensions",
            java.util.List.of(Map.of("Name", "CanaryName", "Value", Match.anyValue())),
            "Threshold",
            100,
            "ComparisonOperator",
            "LessThanThreshold",
            "EvaluationPeriods",
            2,
            "TreatMissingData",
            "breaching",
            "AlarmActions",
            java.util.List.of(Map.of("Ref", Match.stringLikeRegexp("^Alarms"))),
            "AlarmDescription",
            Match.stringLikeRegexp("runbook: " + Runbooks.path(OutsideInCanary.RUNBOOK))));
    assertThat(Synth.HOME.resolve(Runbooks.path(OutsideInCanary.RUNBOOK))).exists();
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  @SuppressWarnings("unchecked")
  void redisAlarmsReadEveryNodeOfTheGroupByTheDimensionElastiCachePublishes(String env) {
    // ElastiCache publishes Evictions and DatabaseMemoryUsagePercentage per CacheClusterId only:
    // an alarm on ReplicationGroupId would get no data and never fire.
    int nodes = 1 + Synth.stage(env).config().redisReplicas();
    List<String> members = new java.util.ArrayList<>();
    for (int i = 1; i <= nodes; i++) {
      members.add("day2-" + env + "-redis-00" + i);
    }
    Map<String, Map<String, Object>> alarms = ops(env).findResources("AWS::CloudWatch::Alarm");
    for (String[] expected :
        new String[][] {{"Evictions", "SUM"}, {"DatabaseMemoryUsagePercentage", "MAX"}}) {
      Map<String, Object> alarm =
          alarms.values().stream()
              .map(a -> (Map<String, Object>) a.get("Properties"))
              .filter(p -> String.valueOf(p.get("Metrics")).contains(expected[0]))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no alarm on " + expected[0]));
      List<Map<String, Object>> queries = (List<Map<String, Object>>) alarm.get("Metrics");
      assertThat(queries)
          .filteredOn(q -> q.containsKey("Expression"))
          .extracting(q -> q.get("Expression"))
          .containsExactly(
              expected[1]
                  + "(["
                  + String.join(
                      ", ",
                      java.util.stream.IntStream.rangeClosed(1, nodes)
                          .mapToObj(i -> "node" + i)
                          .toList())
                  + "])");
      assertThat(String.valueOf(queries))
          .doesNotContain("ReplicationGroupId")
          .contains(members.stream().map(m -> "Value=" + m).toList());
      assertThat(alarm).containsKey("AlarmActions").containsKey("OKActions");
    }
    assertThat(String.valueOf(alarms)).doesNotContain("ReplicationGroupId");
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({"dev,168", "staging,337", "prod,675"})
  void rdsConnectionsAlarmSitsBelowTheInstancesConnectionLimit(String env, int threshold) {
    // t4g.small 2 GiB: default max_connections 225; t4g.medium 450; m7g.large 901 (RDS's
    // LEAST(memory / 9531392, 5000)): the alarm fires at three quarters, before refusals start.
    ops(env)
        .hasResourceProperties(
            "AWS::CloudWatch::Alarm",
            Map.of("MetricName", "DatabaseConnections", "Threshold", threshold));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void alarmTopicsAlsoPostToTheOncallsSlackChannel(String env) {
    // Both topics, the platform's and the preferences stack's, reach the channel cdk.json names
    // (placeholders here), with a read-only guardrail: the channel can look, not change.
    for (software.amazon.awscdk.Stack stack :
        java.util.List.of(
            Synth.stage(env).operations(),
            (software.amazon.awscdk.Stack) Synth.stage(env).getNode().findChild("Preferences"))) {
      Template t = Template.fromStack(stack);
      t.resourceCountIs("AWS::Chatbot::SlackChannelConfiguration", 1);
      t.hasResourceProperties(
          "AWS::Chatbot::SlackChannelConfiguration",
          Map.of(
              "SlackWorkspaceId",
              "T00000000",
              "SlackChannelId",
              "C00000000",
              "SnsTopicArns",
              Match.anyValue(),
              "GuardrailPolicies",
              java.util.List.of(
                  Map.of(
                      "Fn::Join",
                      java.util.List.of(
                          "",
                          java.util.List.of(
                              "arn:",
                              Map.of("Ref", "AWS::Partition"),
                              ":iam::aws:policy/CloudWatchReadOnlyAccess"))))));
    }
  }
}
