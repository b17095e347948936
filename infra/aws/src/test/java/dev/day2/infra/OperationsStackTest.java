package dev.day2.infra;

import static org.assertj.core.api.Assertions.assertThat;

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
          "CPUUtilization",
          "FreeStorageSpace",
          "DatabaseConnections",
          "Evictions",
          "DatabaseMemoryUsagePercentage",
          "ErrorPortAllocation"
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
                "Resources",
                java.util.List.of(
                    "arn:aws:rds:eu-west-1:"
                        + Synth.stage(env).config().account()
                        + ":db:day2-"
                        + env
                        + "-postgres"))));
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
}
