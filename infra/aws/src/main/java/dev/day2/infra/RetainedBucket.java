package dev.day2.infra;

import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.constructs.Construct;

/**
 * The bucket every Day2 store of logs and snapshots starts from: S3-managed encryption, no public
 * access, TLS only, versioned, kept when its stack is deleted, objects expiring after a retention.
 * Callers add what differs (a name, a KMS key, a policy) and build it.
 */
final class RetainedBucket {
  private RetainedBucket() {}

  /**
   * @param expireDays days after which current objects expire
   * @param noncurrentExpireDays days after which replaced versions expire; null keeps them as long
   *     as current ones
   */
  static Bucket.Builder builder(
      Construct scope, String id, int expireDays, Integer noncurrentExpireDays) {
    LifecycleRule.Builder rule = LifecycleRule.builder().expiration(Duration.days(expireDays));
    if (noncurrentExpireDays != null) {
      rule.noncurrentVersionExpiration(Duration.days(noncurrentExpireDays));
    }
    return Bucket.Builder.create(scope, id)
        .encryption(BucketEncryption.S3_MANAGED)
        .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
        .enforceSsl(true)
        .versioned(true)
        .lifecycleRules(List.of(rule.build()))
        .removalPolicy(RemovalPolicy.RETAIN);
  }
}
