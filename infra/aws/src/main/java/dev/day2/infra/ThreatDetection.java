package dev.day2.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.SnsTopic;
import software.amazon.awscdk.services.guardduty.CfnDetector;
import software.amazon.awscdk.services.securityhub.CfnHub;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;

/**
 * GuardDuty and Security Hub in the environment's account and region, their serious findings sent
 * to the platform alarms topic (e-mail, and Slack through AWS Chatbot, which renders both event
 * types): the threats an alarm on a metric cannot see (stolen credentials used from elsewhere, a
 * pod talking to a known command-and-control host, a public bucket, a login storm on RDS).
 *
 * <ul>
 *   <li>GuardDuty: CloudTrail, VPC flow logs and DNS (always on), plus S3 data events, EKS audit
 *       logs, RDS login events, Lambda network activity and malware scans of EBS volumes with a
 *       finding; findings every 15 minutes. Its findings of severity {@value #GUARDDUTY_SEVERITY}
 *       or more (high and critical) are sent.
 *   <li>Security Hub with its default standards (AWS Foundational Security Best Practices, CIS),
 *       one finding per control: its own new, active, failed controls of severity CRITICAL are sent
 *       (GuardDuty's reach Security Hub too, and are sent once, by the rule above).
 * </ul>
 *
 * One detector and one hub per account and region: where an organisation's delegated administrator
 * already enables them, this construct must go (README, before the first deploy).
 */
final class ThreatDetection extends Construct {
  static final String RUNBOOK = "SecurityFinding";
  static final int GUARDDUTY_SEVERITY = 7;
  static final List<String> GUARDDUTY_FEATURES =
      List.of(
          "S3_DATA_EVENTS",
          "EKS_AUDIT_LOGS",
          "RDS_LOGIN_EVENTS",
          "LAMBDA_NETWORK_LOGS",
          "EBS_MALWARE_PROTECTION");

  ThreatDetection(Construct scope, String id, EnvConfig config, ITopic alarms) {
    super(scope, id);
    CfnDetector.Builder.create(this, "GuardDuty")
        .enable(true)
        .findingPublishingFrequency("FIFTEEN_MINUTES")
        .features(
            GUARDDUTY_FEATURES.stream()
                .map(name ->
                    (Object)
                        CfnDetector.CFNFeatureConfigurationProperty.builder()
                            .name(name)
                            .status("ENABLED")
                            .build())
                .toList())
        .build();
    CfnHub.Builder.create(this, "SecurityHub")
        .enableDefaultStandards(true)
        .controlFindingGenerator("SECURITY_CONTROL")
        .autoEnableControls(true)
        .build();

    rule(
        "GuardDutyFindings",
        "day2-" + config.name() + "-guardduty-findings",
        "GuardDuty findings of severity " + GUARDDUTY_SEVERITY + " or more to the alarms topic",
        EventPattern.builder()
            .source(List.of("aws.guardduty"))
            .detailType(List.of("GuardDuty Finding"))
            .detail(
                Map.of("severity", List.of(Map.of("numeric", List.of(">=", GUARDDUTY_SEVERITY)))))
            .build(),
        alarms);
    rule(
        "SecurityHubFindings",
        "day2-" + config.name() + "-securityhub-findings",
        "Security Hub's own new critical failed controls to the alarms topic",
        EventPattern.builder()
            .source(List.of("aws.securityhub"))
            .detailType(List.of("Security Hub Findings - Imported"))
            .detail(
                Map.of(
                    "findings",
                    Map.of(
                        "ProductName", List.of("Security Hub"),
                        "Severity", Map.of("Label", List.of("CRITICAL")),
                        "Compliance", Map.of("Status", List.of("FAILED")),
                        "Workflow", Map.of("Status", List.of("NEW")),
                        "RecordState", List.of("ACTIVE"))))
            .build(),
        alarms);
  }

  /** A rule sending the events {@code pattern} matches to {@code alarms}, citing the runbook. */
  private void rule(
      String id, String name, String description, EventPattern pattern, ITopic alarms) {
    Rule.Builder.create(this, id)
        .ruleName(name)
        .description(description + Runbooks.cite(RUNBOOK))
        .eventPattern(pattern)
        .targets(List.of(new SnsTopic(alarms)))
        .build();
  }
}
