package dev.day2.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.backup.BackupVault;
import software.amazon.awscdk.services.ecr.CfnRepositoryCreationTemplate;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.Bucket;
import software.constructs.Construct;

/**
 * The second region of prod's backups: the AWS Backup vault RDS recovery points are copied to, the
 * bucket ElastiCache's exported snapshots are replicated to ({@link RedisSnapshotExport}), and the
 * settings of the ECR repositories its images are replicated to ({@link Repositories}).
 */
public final class BackupCopyStack extends Stack {
  BackupCopyStack(Construct scope, String id, EnvConfig config) {
    super(
        scope,
        id,
        StackProps.builder()
            .env(
                Environment.builder()
                    .account(config.account())
                    .region(config.backupCopyRegion())
                    .build())
            .description(
                "Day2 " + config.name() + ": backup copies in " + config.backupCopyRegion())
            .terminationProtection(true)
            .build());
    Key key =
        Key.Builder.create(this, "Key")
            .description("Day2 " + config.name() + " backup copies")
            .enableKeyRotation(true)
            .build();
    BackupVault.Builder.create(this, "Vault")
        .backupVaultName(vaultName(config))
        .encryptionKey(key)
        .removalPolicy(RemovalPolicy.RETAIN)
        .build();
    // Where S3 replication puts ElastiCache's exported snapshots (RedisSnapshotExport).
    Bucket redis =
        RetainedBucket.builder(this, "RedisSnapshots", config.backupRetentionDays(), 1)
            .bucketName(redisBucketName(config))
            .build();
    NagSuppressions.addResourceSuppressions(
        redis,
        List.of(
            NagPackSuppression.builder()
                .id("AwsSolutions-S1")
                .reason(
                    "Written only by S3 replication from the export bucket in "
                        + config.region()
                        + "; read only to restore (docs/disaster-recovery.md).")
                .build()),
        true);
    // The settings of the repositories ECR creates here when it replicates prod's images
    // (Repositories#replicate): immutable tags and the primary's lifecycle rules, which
    // RegistryStackTest holds equal to the primary repositories' own.
    CfnRepositoryCreationTemplate.Builder.create(this, "ReplicatedImages")
        .prefix(Contract.PREFIX.substring(0, Contract.PREFIX.length() - 1))
        .appliedFor(List.of("REPLICATION"))
        .description("Day2 " + config.name() + ": images replicated from " + config.region())
        .imageTagMutability("IMMUTABLE")
        .lifecyclePolicy(REPLICA_LIFECYCLE_POLICY)
        .build();
  }

  /**
   * The lifecycle policy of the replicated repositories: the rules {@link Repositories} gives the
   * primary ones (untagged layers expire after 7 days, the last 100 images kept), as ECR's policy
   * document.
   */
  static final String REPLICA_LIFECYCLE_POLICY =
      """
      {"rules": [
        {"rulePriority": 1, "description": "untagged layers of failed pushes",
         "selection": {"tagStatus": "untagged", "countType": "sinceImagePushed",
                       "countUnit": "days", "countNumber": 7},
         "action": {"type": "expire"}},
        {"rulePriority": 2, "description": "keep the last 100 releases (rollback window)",
         "selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 100},
         "action": {"type": "expire"}}
      ]}
      """;

  /** The copy region's bucket of ElastiCache snapshot exports. */
  static String redisBucketName(EnvConfig config) {
    return "day2-"
        + config.name()
        + "-redis-export-"
        + config.account()
        + "-"
        + config.backupCopyRegion();
  }

  static String vaultName(EnvConfig config) {
    return "day2-" + config.name() + "-copy";
  }
}
