package dev.day2.infra;

import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.backup.BackupPlan;
import software.amazon.awscdk.services.backup.BackupPlanCopyActionProps;
import software.amazon.awscdk.services.backup.BackupPlanRule;
import software.amazon.awscdk.services.backup.BackupResource;
import software.amazon.awscdk.services.backup.BackupSelectionOptions;
import software.amazon.awscdk.services.backup.BackupVault;
import software.amazon.awscdk.services.backup.IBackupVault;
import software.amazon.awscdk.services.events.CronOptions;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;

/**
 * AWS Backup for the RDS instance: daily, kept as long as the environment's backup retention, and
 * in prod copied to a vault in the second region (the copy vault is made by {@link BackupCopyStack}
 * there). ElastiCache is not an AWS Backup resource type: its daily snapshots are the replication
 * group's own (SnapshotRetentionLimit, {@link Redis}).
 */
public final class Backups extends Construct {
  /** The tag every RDS instance to back up carries ({@link #tag}). */
  public static final String TAG_KEY = "day2:backup";

  public static final String TAG_VALUE = "daily";

  /** Puts {@code resource} in the environment's backup plan (and its copy to the second region). */
  public static void tag(software.constructs.IConstruct resource) {
    software.amazon.awscdk.Tags.of(resource).add(TAG_KEY, TAG_VALUE);
  }

  Backups(Construct scope, String id, EnvConfig config, Key key) {
    super(scope, id);
    BackupVault vault =
        BackupVault.Builder.create(this, "Vault")
            .backupVaultName("day2-" + config.name())
            .encryptionKey(key)
            .removalPolicy(config.isProd() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
            .build();
    BackupPlanRule.Builder rule =
        BackupPlanRule.Builder.create()
            .ruleName("daily")
            .backupVault(vault)
            .scheduleExpression(Schedule.cron(CronOptions.builder().hour("3").minute("0").build()))
            .deleteAfter(Duration.days(config.backupRetentionDays()));
    if (!config.backupCopyRegion().isEmpty()) {
      IBackupVault copy =
          BackupVault.fromBackupVaultArn(
              this,
              "CopyVault",
              "arn:aws:backup:"
                  + config.backupCopyRegion()
                  + ":"
                  + config.account()
                  + ":backup-vault:"
                  + BackupCopyStack.vaultName(config));
      rule.copyActions(
          List.of(
              BackupPlanCopyActionProps.builder()
                  .destinationBackupVault(copy)
                  .deleteAfter(Duration.days(config.backupRetentionDays()))
                  .build()));
    }
    BackupPlan plan =
        BackupPlan.Builder.create(this, "Plan")
            .backupPlanName("day2-" + config.name())
            .backupPlanRules(List.of(rule.build()))
            .build();
    // By tag, not by ARN: every RDS instance of the environment carries it (the Data stack's and
    // the preferences stack's, whose identifier CloudFormation generates), so a database added
    // later is backed up and copied by tagging it, without a reference across stacks.
    plan.addSelection(
        "Databases",
        BackupSelectionOptions.builder()
            .resources(List.of(BackupResource.fromTag(TAG_KEY, TAG_VALUE)))
            .build());
    // After the selection: it makes the role the suppression applies to.
    io.github.cdklabs.cdknag.NagSuppressions.addResourceSuppressions(
        plan,
        List.of(
            io.github.cdklabs.cdknag.NagPackSuppression.builder()
                .id("AwsSolutions-IAM4")
                .appliesTo(
                    List.of(
                        "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
                            + "AWSBackupServiceRolePolicyForBackup"))
                .reason(
                    "The role AWS Backup assumes to snapshot the selected instance: AWS maintains"
                        + " this policy for exactly that, per resource type.")
                .build()),
        true);
  }
}
