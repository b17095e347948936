package dev.day2.infra.preferences;

import dev.day2.infra.Runbooks;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * The alarms of the preferences path, each to one SNS topic (e-mail to the environment's alarm
 * address): 5xx rate at API Gateway, throttles of the API function, its p99 duration, RDS Proxy's
 * database connections near the budget, and any failed migration.
 */
final class PreferencesAlarms extends Construct {
  final Topic topic;

  PreferencesAlarms(
      Construct scope,
      String id,
      String alarmEmail,
      PreferencesSettings settings,
      PreferencesApi api,
      PreferencesFunctions functions,
      PreferencesDatabase database) {
    super(scope, id);
    // A key of our own: CloudWatch cannot publish to a topic under the AWS-managed SNS key.
    Key key =
        Key.Builder.create(this, "TopicKey")
            .description("preferences alarms topic")
            .enableKeyRotation(true)
            .build();
    key.grant(
        new ServicePrincipal("cloudwatch.amazonaws.com"), "kms:Decrypt", "kms:GenerateDataKey*");
    topic =
        Topic.Builder.create(this, "Topic")
            .displayName("preferences alarms")
            .masterKey(key)
            .enforceSsl(true)
            .build();
    topic.addSubscription(new EmailSubscription(alarmEmail));
    SnsAction notify = new SnsAction(topic);
    Duration minute = Duration.minutes(1);

    MetricOptions perMinute = MetricOptions.builder().period(minute).statistic("Sum").build();
    IMetric requests = api.api.metricCount(perMinute);
    IMetric serverErrors = api.api.metricServerError(perMinute);
    alarm(
        "ServerErrorRate",
        MathExpression.Builder.create()
            .expression("IF(requests > 0, 100 * errors / requests, 0)")
            .usingMetrics(Map.of("requests", requests, "errors", serverErrors))
            .period(minute)
            .label("5xx % of requests")
            .build(),
        1,
        5,
        "More than 1 % of API requests answered 5xx in 5 consecutive minutes",
        "PreferencesApiDegraded",
        notify);
    alarm(
        "Throttles",
        functions.api.metricThrottles(perMinute),
        1,
        3,
        "The API function hit its reserved concurrency (requests were throttled) for 3 minutes",
        "PreferencesApiDegraded",
        notify);
    alarm(
        "DurationP99",
        functions.api.metricDuration(
            MetricOptions.builder().period(minute).statistic("p99").build()),
        3000,
        5,
        "The API function's p99 duration was above 3 s for 5 minutes",
        "PreferencesApiDegraded",
        notify);
    alarm(
        "ProxyConnectionsNearBudget",
        Metric.Builder.create()
            .namespace("AWS/RDS")
            .metricName("DatabaseConnections")
            .dimensionsMap(Map.of("ProxyName", database.proxy.getDbProxyName()))
            .statistic("Maximum")
            .period(minute)
            .build(),
        Math.max(1, settings.connectionBudget() * 9 / 10),
        3,
        "RDS Proxy held over 90 % of its connection budget ("
            + settings.connectionBudget()
            + ") for 3 minutes",
        "PreferencesProxyConnections",
        notify);
    // The database itself (the Data stack's instance has the same two in PlatformAlarms).
    alarm(
        "DatabaseCpu",
        database.instance.metricCPUUtilization(
            MetricOptions.builder().period(Duration.minutes(5)).statistic("Average").build()),
        80,
        3,
        ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        "The preferences database's CPU was at 80 % or more for 15 minutes",
        "RdsUnderPressure",
        notify);
    alarm(
        "DatabaseStorage",
        database.instance.metricFreeStorageSpace(
            MetricOptions.builder().period(Duration.minutes(5)).statistic("Minimum").build()),
        database.allocatedStorageGiB * 1024.0 * 1024 * 1024 / 10,
        1,
        ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD,
        "The preferences database's free storage fell to 10 % of its first allocation"
            + " (autoscaling may be at its ceiling)",
        "RdsUnderPressure",
        notify);
    alarm(
        "MigrationFailed",
        functions.migration.metricErrors(
            MetricOptions.builder().period(Duration.minutes(5)).statistic("Sum").build()),
        1,
        1,
        "A migration failed: the deploy stopped before the new code (see the pipeline's migrate job)",
        "PreferencesMigrationFailed",
        notify);
  }

  private void alarm(
      String id,
      IMetric metric,
      double threshold,
      int periods,
      String description,
      String runbook,
      SnsAction to) {
    alarm(
        id,
        metric,
        threshold,
        periods,
        ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        description,
        runbook,
        to);
  }

  private void alarm(
      String id,
      IMetric metric,
      double threshold,
      int periods,
      ComparisonOperator comparison,
      String description,
      String runbook,
      SnsAction to) {
    Alarm alarm =
        Alarm.Builder.create(this, id)
            .metric(metric)
            .threshold(threshold)
            .evaluationPeriods(periods)
            .comparisonOperator(comparison)
            .treatMissingData(TreatMissingData.NOT_BREACHING)
            .alarmDescription(description + Runbooks.cite(runbook))
            .build();
    alarm.addAlarmAction(to);
    alarm.addOkAction(to); // as the platform alarms: the on-call sees it clear
  }
}
