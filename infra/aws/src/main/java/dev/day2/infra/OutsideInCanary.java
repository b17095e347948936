package dev.day2.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.synthetics.ArtifactsBucketLocation;
import software.amazon.awscdk.services.synthetics.Canary;
import software.amazon.awscdk.services.synthetics.Code;
import software.amazon.awscdk.services.synthetics.CustomTestOptions;
import software.amazon.awscdk.services.synthetics.Runtime;
import software.amazon.awscdk.services.synthetics.Schedule;
import software.amazon.awscdk.services.synthetics.Test;
import software.constructs.Construct;

/**
 * The outside-in check: a CloudWatch Synthetics canary, outside the VPC, that every five minutes
 * asks each public host of the environment what a user would (hello's text, wrpi-api's and
 * counter's readiness through the edge, counter's HTTPS redirect, the tiles TileJSON through the
 * cache, preferences' 401 without a token), with HSTS and at least {@link #CERT_MIN_DAYS} days of
 * TLS certificate left. The in-cluster probes cannot see DNS, the load balancer or the certificate
 * the world gets; this does. Two failed runs in a row raise {@code OutsideInCheckFailed} on the
 * platform topic. The script is {@code canary/outside-in.js}, the same file {@code
 * OutsideInCanaryTest} runs under node against stand-in servers.
 */
final class OutsideInCanary extends Construct {
  /** The script, a classpath resource: Node built-ins only. */
  static final String SCRIPT = "/canary/outside-in.js";

  /** The runbook of the alarm. */
  static final String RUNBOOK = "OutsideInCheckFailed";

  /** cert-manager renews 30 days before expiry: 14 days left means renewal has failed twice. */
  static final int CERT_MIN_DAYS = 14;

  private final Canary canary;

  OutsideInCanary(Construct scope, String id, EnvConfig config, ITopic topic) {
    super(scope, id);
    Bucket artifacts = RetainedBucket.builder(this, "Artifacts", 31, 1).build();
    NagSuppressions.addResourceSuppressions(
        artifacts,
        List.of(
            NagPackSuppression.builder()
                .id("AwsSolutions-S1")
                .reason(
                    "Written only by the canary's role (its run reports, no screenshots: HTTP"
                        + " checks only); objects expire after 31 days.")
                .build()),
        true);
    canary =
        Canary.Builder.create(this, "Canary")
            .canaryName(canaryName(config))
            .runtime(Runtime.SYNTHETICS_NODEJS_PUPPETEER_9_1)
            .test(
                Test.custom(
                    CustomTestOptions.builder()
                        .code(Code.fromInline(script()))
                        .handler("index.handler")
                        .build()))
            .schedule(Schedule.rate(Duration.minutes(5)))
            .timeout(Duration.seconds(60))
            .environmentVariables(
                Map.of(
                    "ZONE", config.zoneName(),
                    "TILESET", Contract.TILESET_ID,
                    "CERT_MIN_DAYS", String.valueOf(CERT_MIN_DAYS)))
            .artifactsBucketLocation(
                ArtifactsBucketLocation.builder().bucket(artifacts).prefix("outside-in").build())
            .successRetentionPeriod(Duration.days(7))
            .failureRetentionPeriod(Duration.days(31))
            .build();
    NagSuppressions.addResourceSuppressions(
        canary.getRole(),
        List.of(
            NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .appliesTo(
                    List.of(
                        "Resource::*",
                        RegexAppliesTo.builder()
                            .regex(
                                "/^Resource::<OutsideInArtifacts[0-9A-F]+\\.Arn>\\/outside-in\\/\\*$/")
                            .build(),
                        "Resource::arn:<AWS::Partition>:logs:"
                            + config.region()
                            + ":"
                            + config.account()
                            + ":log-group:/aws/lambda/cwsyn-*"))
                .reason(
                    "The Synthetics role CDK makes: s3:ListAllMyBuckets and"
                        + " cloudwatch:PutMetricData (condition: namespace CloudWatchSynthetics) have"
                        + " no resource-level permissions; the run reports go under this canary's"
                        + " prefix of its own bucket; Synthetics names the log group"
                        + " cwsyn-<name>-<id> only when it creates it.")
                .build()),
        true);
    Alarm alarm =
        Alarm.Builder.create(this, "Failed")
            .alarmName("day2-" + config.name() + "-OutsideInCheckFailed")
            .alarmDescription(
                "The outside-in canary "
                    + canaryName(config)
                    + " failed two runs in a row: a public host of "
                    + config.zoneName()
                    + " does not answer as its contract says"
                    + Runbooks.cite(RUNBOOK))
            .metric(
                canary.metricSuccessPercent(
                    MetricOptions.builder()
                        .period(Duration.minutes(5))
                        .statistic("Average")
                        .build()))
            .threshold(100)
            .comparisonOperator(ComparisonOperator.LESS_THAN_THRESHOLD)
            .evaluationPeriods(2)
            // No data means the canary did not run: nobody is checking, which is a failure too.
            .treatMissingData(TreatMissingData.BREACHING)
            .build();
    SnsAction action = new SnsAction(topic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
  }

  /** {@code day2-<env>-outside}: canary names are at most 21 lowercase characters. */
  static String canaryName(EnvConfig config) {
    return "day2-" + config.name() + "-outside";
  }

  static String script() {
    try (InputStream in = OutsideInCanary.class.getResourceAsStream(SCRIPT)) {
      if (in == null) {
        throw new IllegalStateException(SCRIPT + " is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Canary canary() {
    return canary;
  }
}
