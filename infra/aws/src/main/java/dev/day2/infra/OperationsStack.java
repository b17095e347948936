package dev.day2.infra;

import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * What keeps the platform observable and recoverable: platform alarms to an SNS topic, the
 * outside-in canary of the public hosts, GuardDuty's and Security Hub's serious findings to the
 * same topic, a monthly budget, CloudTrail, AWS Backup for RDS and ElastiCache snapshot exports
 * (both copied to a second region in prod). Resources of other stacks are named, not referenced, so
 * the data stack can report to this topic too.
 */
public final class OperationsStack extends Stack {
  private final Topic alarms;

  OperationsStack(Construct scope, String id, EnvConfig config, IVpc vpc) {
    super(
        scope,
        id,
        StackProps.builder()
            .description(
                "Day2 "
                    + config.name()
                    + ": alarms, monitoring heartbeat, outside-in canary, threat detection, AWS's"
                    + " scheduled changes, budget,"
                    + " CloudTrail, backups")
            .terminationProtection(config.isProd())
            .build());
    Key key =
        Key.Builder.create(this, "Key")
            .alias("day2/operations")
            .description("Day2 " + config.name() + " alarms topic and audit trail")
            .enableKeyRotation(true)
            .build();
    for (String service : java.util.List.of("cloudwatch", "elasticache", "budgets", "backup")) {
      key.grantEncryptDecrypt(new ServicePrincipal(service + ".amazonaws.com"));
    }
    alarms =
        Topic.Builder.create(this, "Alarms")
            .displayName("Day2 " + config.name() + " platform alarms")
            .masterKey(key)
            .enforceSsl(true)
            .build();
    alarms.addSubscription(new EmailSubscription(config.alarmEmail()));
    AlarmsToSlack.add(this, config, "platform-alarms", java.util.List.of(alarms));

    new PlatformAlarms(this, "PlatformAlarms", config, vpc, alarms);
    new OutsideInCanary(this, "OutsideIn", config, alarms);
    new ThreatDetection(this, "ThreatDetection", config, alarms);
    new ScheduledChanges(this, "ScheduledChanges", config, alarms);
    if (Contract.HEARTBEAT_ENVIRONMENTS.contains(config.name())) {
      new MonitoringHeartbeat(this, "MonitoringHeartbeat", config, alarms);
    }
    new MonthlyBudget(this, "Budget", config);
    new AuditTrail(this, "Trail", config, key);
    new Backups(this, "Backups", config, key);
    if (!config.backupCopyRegion().isEmpty()) {
      new RedisSnapshotExport(this, "RedisSnapshotExport", config, alarms);
    }
  }

  /** Where platform alarms and ElastiCache events go. */
  public ITopic alarms() {
    return alarms;
  }
}
