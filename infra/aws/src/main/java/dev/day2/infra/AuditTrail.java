package dev.day2.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import software.amazon.awscdk.services.cloudtrail.Trail;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.Bucket;
import software.constructs.Construct;

/** CloudTrail for every region of the account, validated log files, encrypted, kept a year+. */
final class AuditTrail extends Construct {
  AuditTrail(Construct scope, String id, EnvConfig config, Key key) {
    super(scope, id);
    key.grantEncryptDecrypt(new ServicePrincipal("cloudtrail.amazonaws.com"));
    Bucket bucket =
        RetainedBucket.builder(this, "Bucket", config.isProd() ? 2557 : 400, null).build();
    NagSuppressions.addResourceSuppressions(
        bucket,
        List.of(
            NagPackSuppression.builder()
                .id("AwsSolutions-S1")
                .reason(
                    "This bucket holds CloudTrail's own log files, which record every API call"
                        + " on it; S3 access logs of the audit log would only duplicate them.")
                .build()));
    Trail.Builder.create(this, "Trail")
        .trailName("day2-" + config.name())
        .bucket(bucket)
        .encryptionKey(key)
        .isMultiRegionTrail(true)
        .includeGlobalServiceEvents(true)
        .enableFileValidation(true)
        .sendToCloudWatchLogs(true)
        .cloudWatchLogsRetention(Retention.days(config.logRetentionDays()))
        .build();
  }
}
