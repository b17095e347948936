package dev.day2.infra.preferences;

import dev.day2.infra.EnvConfig;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * The stack's buckets. {@code artifacts}: the pipeline uploads function.zip under {@code
 * preferences/<commit>/} and points the functions at it. {@code largeObjects}: what the API
 * function pulls from S3, reachable only from the VPC (its S3 gateway endpoint) and only over TLS.
 * {@code accessLogs}: both buckets' server access logs.
 */
final class PreferencesBuckets extends Construct {
  /**
   * The key prefix the pipeline uploads under ({@code preferences/$CI_COMMIT_SHA/function.zip}).
   */
  static final String ARTIFACT_PREFIX = "preferences/";

  final Bucket accessLogs;
  final Bucket artifacts;
  final Bucket largeObjects;

  PreferencesBuckets(Construct scope, String id, EnvConfig config, IVpc vpc) {
    super(scope, id);
    RemovalPolicy removal = config.isProd() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    accessLogs =
        Bucket.Builder.create(this, "AccessLogs")
            .encryption(BucketEncryption.S3_MANAGED)
            .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
            .enforceSsl(true)
            .objectOwnership(ObjectOwnership.BUCKET_OWNER_PREFERRED)
            .lifecycleRules(List.of(LifecycleRule.builder().expiration(Duration.days(365)).build()))
            .removalPolicy(removal)
            .autoDeleteObjects(false)
            .build();
    artifacts =
        Bucket.Builder.create(this, "Artifacts")
            .encryption(BucketEncryption.S3_MANAGED)
            .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
            .enforceSsl(true)
            .versioned(true)
            .serverAccessLogsBucket(accessLogs)
            .serverAccessLogsPrefix("artifacts/")
            .lifecycleRules(
                List.of(
                    LifecycleRule.builder()
                        .prefix(ARTIFACT_PREFIX)
                        .expiration(Duration.days(180)) // rollback reaches back ~6 months
                        .noncurrentVersionExpiration(Duration.days(30))
                        .build()))
            .removalPolicy(removal)
            .build();
    largeObjects =
        Bucket.Builder.create(this, "LargeObjects")
            .encryption(BucketEncryption.S3_MANAGED)
            .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
            .enforceSsl(true)
            .versioned(true)
            .serverAccessLogsBucket(accessLogs)
            .serverAccessLogsPrefix("large-objects/")
            .removalPolicy(removal)
            .build();
    // Objects are read and written only from inside the VPC, i.e. through its S3 gateway endpoint
    // (the platform's Network; aws:SourceVpc is only set on requests that came through one), and
    // enforceSsl denies plain HTTP. Bucket configuration stays manageable from outside, so
    // CloudFormation can update it.
    largeObjects.addToResourcePolicy(
        PolicyStatement.Builder.create()
            .sid("OnlyThroughTheVpcEndpoint")
            .effect(Effect.DENY)
            .principals(List.of(new AnyPrincipal()))
            .actions(List.of("s3:GetObject*", "s3:PutObject*", "s3:DeleteObject*"))
            .resources(List.of(largeObjects.arnForObjects("*")))
            .conditions(Map.of("StringNotEquals", Map.of("aws:SourceVpc", vpc.getVpcId())))
            .build());
  }
}
