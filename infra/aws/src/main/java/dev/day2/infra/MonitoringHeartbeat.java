package dev.day2.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;

/**
 * The dead man's switch, AWS's half (ADR 0135): the cluster's heartbeat CronJob puts one data point
 * of {@link Contract#HEARTBEAT_METRIC} every 5 minutes while an active Watchdog is in Alertmanager
 * and AlertmanagerNotificationsFailing is not (components/monitoring-aws); this alarm fires when
 * none arrived for 15 minutes. Missing data is the alarm (nothing arriving is exactly what it
 * watches for), and it sits outside the cluster whose alerting it checks. Only in the environments
 * whose overlay runs the CronJob ({@link Contract#HEARTBEAT_ENVIRONMENTS}): elsewhere it would fire
 * for ever.
 */
final class MonitoringHeartbeat extends Construct {
  static final String RUNBOOK = "MonitoringHeartbeatMissing";

  /** Beats are 5 minutes apart: three periods in a row without one. */
  static final int MISSED_PERIODS = 3;

  MonitoringHeartbeat(Construct scope, String id, EnvConfig config, ITopic topic) {
    super(scope, id);
    Alarm alarm =
        Alarm.Builder.create(this, "Missing")
            .alarmName(alarmName(config))
            .alarmDescription(
                "No heartbeat from "
                    + Contract.clusterName(config.name())
                    + "'s alerting for 15 minutes: Prometheus, Alertmanager or the heartbeat"
                    + " CronJob stopped, Alertmanager cannot deliver, a silence covers every alert,"
                    + " or the cluster is gone; no Prometheus alert would reach anyone"
                    + Runbooks.cite(RUNBOOK))
            .metric(
                Metric.Builder.create()
                    .namespace(Contract.HEARTBEAT_NAMESPACE)
                    .metricName(Contract.HEARTBEAT_METRIC)
                    .statistic("SampleCount")
                    .period(Duration.minutes(5))
                    .build())
            .threshold(1)
            .comparisonOperator(ComparisonOperator.LESS_THAN_THRESHOLD)
            .evaluationPeriods(MISSED_PERIODS)
            .datapointsToAlarm(MISSED_PERIODS)
            .treatMissingData(TreatMissingData.BREACHING)
            .build();
    SnsAction action = new SnsAction(topic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
  }

  static String alarmName(EnvConfig config) {
    return "day2-" + config.name() + "-monitoring-heartbeat";
  }
}
