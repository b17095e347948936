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
 * GuardDuty and Security Hub in every environment, their serious findings on the alarms topic. The
 * rules' event patterns are run against sample events by {@link #matches}, a small evaluator of
 * EventBridge's pattern rules (exact values, any element of an array, numeric ranges): EventBridge
 * itself cannot run here, so this is a stand-in, checked only for the rule forms the patterns use.
 */
class ThreatDetectionTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Template ops(String env) {
    return Template.fromStack(Synth.stage(env).operations());
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void guardDutyAndSecurityHubAreOnWithTheirFindingsOnTheAlarmsTopic(String env) {
    Template t = ops(env);
    t.hasResourceProperties(
        "AWS::GuardDuty::Detector",
        Map.of(
            "Enable",
            true,
            "FindingPublishingFrequency",
            "FIFTEEN_MINUTES",
            "Features",
            ThreatDetection.GUARDDUTY_FEATURES.stream()
                .map(name -> Map.of("Name", name, "Status", "ENABLED"))
                .toList()));
    t.hasResourceProperties(
        "AWS::SecurityHub::Hub",
        Map.of("EnableDefaultStandards", true, "ControlFindingGenerator", "SECURITY_CONTROL"));
    String topic = t.findResources("AWS::SNS::Topic").keySet().iterator().next();
    for (String rule : List.of("guardduty-findings", "securityhub-findings")) {
      t.hasResourceProperties(
          "AWS::Events::Rule",
          Map.of(
              "Name",
              "day2-" + env + "-" + rule,
              "State",
              "ENABLED",
              "Targets",
              List.of(Match.objectLike(Map.of("Arn", Map.of("Ref", topic))))));
    }
    // EventBridge may publish to the topic, and use its key (the SNS target grants both).
    t.hasResourceProperties(
        "AWS::SNS::TopicPolicy",
        Map.of("PolicyDocument", allows("events.amazonaws.com", Map.of("Action", "sns:Publish"))));
    t.hasResourceProperties(
        "AWS::KMS::Key", Map.of("KeyPolicy", allows("events.amazonaws.com", Map.of())));
  }

  /** A policy document with a statement for {@code service} that has {@code fields} too. */
  private static Object allows(String service, Map<String, Object> fields) {
    Map<String, Object> statement = new java.util.HashMap<>(fields);
    statement.put("Principal", Map.of("Service", service));
    return Match.objectLike(
        Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(statement)))));
  }

  @Test
  void bothRulesCiteTheirRunbook() throws Exception {
    var rules = ops("prod").findResources("AWS::Events::Rule");
    int cited = 0;
    for (var rule : rules.values()) {
      String description = String.valueOf(((Map<?, ?>) rule.get("Properties")).get("Description"));
      if (description.endsWith(Runbooks.cite(ThreatDetection.RUNBOOK))) {
        cited++;
      }
    }
    assertThat(cited).isEqualTo(2);
    String runbook = Files.readString(Synth.HOME.resolve(Runbooks.path(ThreatDetection.RUNBOOK)));
    assertThat(runbook)
        .startsWith("# " + ThreatDetection.RUNBOOK + "\n")
        .contains("day2-<env>-guardduty-findings", "day2-<env>-securityhub-findings");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "8.0 | true",
        "7 | true",
        "7.0 | true",
        "8.9 | true",
        "6.9 | false",
        "5 | false",
        "2.0 | false"
      })
  void guardDutySendsHighAndCriticalFindingsOnly(String severity, boolean sent) throws Exception {
    JsonNode event =
        JSON.readTree(
            """
            {"version": "0", "id": "c8c4daa7-a20c-2f03-0070-b7393dd542ad",
             "detail-type": "GuardDuty Finding", "source": "aws.guardduty",
             "account": "111111111111", "time": "2026-12-02T07:00:00Z", "region": "eu-west-1",
             "resources": [],
             "detail": {"schemaVersion": "2.0", "accountId": "111111111111",
               "region": "eu-west-1", "id": "f2b1", "partition": "aws",
               "type": "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS",
               "severity": %s, "title": "Credentials used from outside AWS",
               "resource": {"resourceType": "AccessKey"}}}
            """
                .formatted(severity));
    assertThat(matches(pattern("guardduty-findings"), event)).isEqualTo(sent);
    assertThat(matches(pattern("securityhub-findings"), event)).isFalse();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Security Hub | CRITICAL | FAILED | NEW | ACTIVE | true",
        "Security Hub | HIGH | FAILED | NEW | ACTIVE | false",
        "Security Hub | CRITICAL | PASSED | NEW | ACTIVE | false",
        "Security Hub | CRITICAL | FAILED | NOTIFIED | ACTIVE | false",
        "Security Hub | CRITICAL | FAILED | NEW | ARCHIVED | false",
        "GuardDuty | CRITICAL | FAILED | NEW | ACTIVE | false"
      })
  void securityHubSendsItsOwnNewCriticalFailedControlsOnly(
      String product, String label, String compliance, String workflow, String state, boolean sent)
      throws Exception {
    JsonNode event =
        JSON.readTree(
            """
            {"version": "0", "id": "2c8d5f4a", "detail-type": "Security Hub Findings - Imported",
             "source": "aws.securityhub", "account": "111111111111",
             "time": "2026-12-02T07:00:00Z", "region": "eu-west-1", "resources": ["arn:x"],
             "detail": {"findings": [{"SchemaVersion": "2018-10-08", "Id": "arn:x/finding",
               "ProductName": "%s", "Title": "S3 general purpose buckets should block public access",
               "Severity": {"Label": "%s", "Normalized": 90},
               "Compliance": {"Status": "%s", "SecurityControlId": "S3.8"},
               "Workflow": {"Status": "%s"}, "RecordState": "%s"}]}}
            """
                .formatted(product, label, compliance, workflow, state));
    assertThat(matches(pattern("securityhub-findings"), event)).isEqualTo(sent);
    assertThat(matches(pattern("guardduty-findings"), event)).isFalse();
  }

  @Test
  void theEvaluatorItselfTellsMatchesFromMisses() throws Exception {
    JsonNode pattern =
        JSON.readTree("{\"a\": {\"b\": [\"x\", \"y\"]}, \"n\": [{\"numeric\": [\">=\", 3]}]}");
    assertThat(matches(pattern, JSON.readTree("{\"a\": {\"b\": \"y\"}, \"n\": 3}"))).isTrue();
    assertThat(matches(pattern, JSON.readTree("{\"a\": {\"b\": [\"z\", \"x\"]}, \"n\": 4}")))
        .isTrue();
    assertThat(matches(pattern, JSON.readTree("{\"a\": {\"b\": \"z\"}, \"n\": 3}"))).isFalse();
    assertThat(matches(pattern, JSON.readTree("{\"a\": {\"b\": \"x\"}, \"n\": 2}"))).isFalse();
    assertThat(matches(pattern, JSON.readTree("{\"a\": {\"b\": \"x\"}}"))).isFalse();
    assertThat(matches(pattern, JSON.readTree("{\"a\": {\"b\": \"x\"}, \"n\": \"3\"}"))).isFalse();
  }

  /** The synthesised prod rule's EventPattern. */
  static JsonNode pattern(String rule) {
    var rules =
        ops("prod")
            .findResources(
                "AWS::Events::Rule", Map.of("Properties", Map.of("Name", "day2-prod-" + rule)));
    assertThat(rules).hasSize(1);
    Object pattern =
        ((Map<?, ?>) rules.values().iterator().next().get("Properties")).get("EventPattern");
    return JSON.valueToTree(pattern);
  }

  /**
   * EventBridge's matching for the forms used here: an object matches when each of its fields
   * matches the event's field of that name (absent: no match); a list of values or rules matches a
   * value equal to one of them or satisfying one, and an array in the event when any of its
   * elements does; {@code {"numeric": [">=", n]}} (and {@code >}, {@code <}, {@code <=}, {@code =})
   * a number only.
   */
  static boolean matches(JsonNode pattern, JsonNode event) {
    if (event == null || event.isMissingNode() || event.isNull()) {
      return false;
    }
    if (pattern.isObject()) {
      if (event.isArray()) {
        for (JsonNode element : event) {
          if (matches(pattern, element)) {
            return true;
          }
        }
        return false;
      }
      for (var field : pattern.properties()) {
        if (!matches(field.getValue(), event.get(field.getKey()))) {
          return false;
        }
      }
      return true;
    }
    if (event.isArray()) {
      for (JsonNode element : event) {
        if (matches(pattern, element)) {
          return true;
        }
      }
      return false;
    }
    for (JsonNode allowed : pattern) {
      if (allowed.isObject() && allowed.has("numeric")) {
        if (event.isNumber() && numeric(allowed.get("numeric"), event.asDouble())) {
          return true;
        }
      } else if (allowed.equals(event)) {
        return true;
      }
    }
    return false;
  }

  private static boolean numeric(JsonNode rule, double value) {
    for (int i = 0; i < rule.size(); i += 2) {
      double bound = rule.get(i + 1).asDouble();
      boolean ok =
          switch (rule.get(i).asText()) {
            case ">=" -> value >= bound;
            case ">" -> value > bound;
            case "<=" -> value <= bound;
            case "<" -> value < bound;
            case "=" -> value == bound;
            default -> throw new IllegalArgumentException("numeric operator " + rule.get(i));
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
