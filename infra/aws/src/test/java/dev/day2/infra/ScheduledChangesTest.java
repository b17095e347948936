package dev.day2.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * AWS Health's scheduled changes to EKS, RDS, ElastiCache, Lambda and EC2 reach the alarms topic.
 * AWS Health cannot run here: sample events in the documented shape go through {@link
 * ThreatDetectionTest#matches}, the stand-in for EventBridge's matching.
 */
class ScheduledChangesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void theRuleSendsToTheAlarmsTopicAndCitesItsRunbook(String env) throws Exception {
    Template t = Template.fromStack(Synth.stage(env).operations());
    String topic = t.findResources("AWS::SNS::Topic").keySet().iterator().next();
    t.hasResourceProperties(
        "AWS::Events::Rule",
        Map.of(
            "Name",
            "day2-" + env + "-aws-scheduled-changes",
            "State",
            "ENABLED",
            "Targets",
            List.of(Match.objectLike(Map.of("Arn", Map.of("Ref", topic))))));
    var rule =
        t.findResources(
                "AWS::Events::Rule",
                Map.of("Properties", Map.of("Name", "day2-" + env + "-aws-scheduled-changes")))
            .values()
            .iterator()
            .next();
    assertThat(String.valueOf(((Map<?, ?>) rule.get("Properties")).get("Description")))
        .endsWith(Runbooks.cite(ScheduledChanges.RUNBOOK));
    assertThat(Files.readString(Synth.HOME.resolve(Runbooks.path(ScheduledChanges.RUNBOOK))))
        .startsWith("# " + ScheduledChanges.RUNBOOK + "\n")
        .contains("day2-<env>-aws-scheduled-changes");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "EKS | AWS_EKS_PLANNED_LIFECYCLE_EVENT | scheduledChange | true",
        "RDS | AWS_RDS_PLANNED_LIFECYCLE_EVENT | scheduledChange | true",
        "RDS | AWS_RDS_MAINTENANCE_SCHEDULED | scheduledChange | true",
        "ELASTICACHE | AWS_ELASTICACHE_PLANNED_LIFECYCLE_EVENT | scheduledChange | true",
        "LAMBDA | AWS_LAMBDA_RUNTIME_DEPRECATION_NOTIFICATION | scheduledChange | true",
        "EC2 | AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED | scheduledChange | true",
        "EKS | AWS_EKS_OPERATIONAL_ISSUE | issue | false",
        "RDS | AWS_RDS_OPERATIONAL_NOTIFICATION | accountNotification | false",
        "S3 | AWS_S3_PLANNED_LIFECYCLE_EVENT | scheduledChange | false"
      })
  void scheduledChangesOfTheServicesDay2RunsOnAreSent(
      String service, String code, String category, boolean sent) throws Exception {
    JsonNode event =
        JSON.readTree(
            """
            {"version": "0", "id": "7bf73129-1428-4cd3-a780-95db273d1602",
             "detail-type": "AWS Health Event", "source": "aws.health",
             "account": "333333333333", "time": "2026-12-02T07:00:00Z", "region": "eu-west-1",
             "resources": ["arn:aws:eks:eu-west-1:333333333333:cluster/day2-prod"],
             "detail": {
               "eventArn": "arn:aws:health:eu-west-1::event/%1$s/%2$s/%2$s_1",
               "service": "%1$s", "eventTypeCode": "%2$s", "eventTypeCategory": "%3$s",
               "eventScopeCode": "ACCOUNT_SPECIFIC", "statusCode": "upcoming",
               "startTime": "Wed, 27 Jul 2027 00:00:00 GMT", "eventRegion": "eu-west-1",
               "eventDescription": [{"language": "en_US",
                 "latestDescription": "Standard support for Kubernetes 1.33 ends."}],
               "affectedEntities": [
                 {"entityValue": "arn:aws:eks:eu-west-1:333333333333:cluster/day2-prod"}]}}
            """
                .formatted(service, code, category));
    assertThat(
            ThreatDetectionTest.matches(
                ThreatDetectionTest.pattern("aws-scheduled-changes"), event))
        .isEqualTo(sent);
  }

  @Test
  void anotherSourceNeverMatches() throws Exception {
    JsonNode event =
        JSON.readTree(
            """
            {"detail-type": "AWS Health Event", "source": "aws.guardduty",
             "detail": {"service": "EKS", "eventTypeCategory": "scheduledChange"}}
            """);
    assertThat(
            ThreatDetectionTest.matches(
                ThreatDetectionTest.pattern("aws-scheduled-changes"), event))
        .isFalse();
  }
}
