package dev.day2.infra;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.ec2.CfnNatGateway;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;

/**
 * CloudWatch alarms for what the in-cluster Prometheus cannot see: RDS CPU, storage and
 * connections, ElastiCache evictions and memory, NAT gateway port-allocation errors, EKS nodes not
 * Ready or fewer than the node groups' minimum (Container Insights). ElastiCache failovers arrive
 * on the same topic as events (the replication group's notification topic).
 */
final class PlatformAlarms extends Construct {
  /** The runbooks ({@link Runbooks}) of the node-group health, RDS, ElastiCache and NAT alarms. */
  static final String EKS_RUNBOOK = "EksNodesUnhealthy";

  static final String RDS_RUNBOOK = "RdsUnderPressure";
  static final String REDIS_RUNBOOK = "ElastiCacheMemoryPressure";
  static final String NAT_RUNBOOK = "NatPortAllocationErrors";

  PlatformAlarms(Construct scope, String id, EnvConfig config, IVpc vpc, ITopic topic) {
    super(scope, id);
    SnsAction action = new SnsAction(topic);
    Map<String, String> rds = Map.of("DBInstanceIdentifier", Postgres.identifier(config));
    alarm(
        "RdsCpu",
        "AWS/RDS",
        "CPUUtilization",
        rds,
        "Average",
        80,
        ComparisonOperator.GREATER_THAN_THRESHOLD,
        3,
        action,
        "RDS CPU above 80% for 15 minutes" + Runbooks.cite(RDS_RUNBOOK));
    alarm(
        "RdsStorage",
        "AWS/RDS",
        "FreeStorageSpace",
        rds,
        "Minimum",
        config.postgresStorageGiB() * 1024.0 * 1024 * 1024 / 10,
        ComparisonOperator.LESS_THAN_THRESHOLD,
        1,
        action,
        "RDS free storage below 10% of the allocation (autoscaling may be at its ceiling)"
            + Runbooks.cite(RDS_RUNBOOK));
    // Three quarters of the instance's default max_connections (from its class's memory): a fixed
    // number would sit above the limit of a small instance (~225 on 2 GiB) and never fire there.
    int connections = Postgres.defaultMaxConnections(config.postgresInstanceType()) * 3 / 4;
    alarm(
        "RdsConnections",
        "AWS/RDS",
        "DatabaseConnections",
        rds,
        "Maximum",
        connections,
        ComparisonOperator.GREATER_THAN_THRESHOLD,
        3,
        action,
        "RDS connections above "
            + connections
            + " (3/4 of the default max_connections of "
            + config.postgresInstanceType()
            + ") for 15 minutes"
            + Runbooks.cite(RDS_RUNBOOK));
    // ElastiCache publishes per node (CacheClusterId), never per replication group: the alarms read
    // every member of the group (<group>-001 primary at creation, -002... replicas) through one
    // metric-math expression. A dimension CloudWatch never publishes gives no data, which is not
    // breaching, and the alarm would never fire.
    List<String> members = Redis.memberClusterIds(config);
    redisAlarm(
        "RedisEvictions",
        "Evictions",
        "Sum",
        members,
        "SUM",
        0,
        1,
        action,
        "Redis evicted keys (the WRPI or counts may be lost)" + Runbooks.cite(REDIS_RUNBOOK));
    redisAlarm(
        "RedisMemory",
        "DatabaseMemoryUsagePercentage",
        "Maximum",
        members,
        "MAX",
        80,
        3,
        action,
        "Redis memory above 80% on a node for 15 minutes" + Runbooks.cite(REDIS_RUNBOOK));
    // Node-group health from Container Insights (the amazon-cloudwatch-observability add-on,
    // ClusterAddons). Missing data means the agent reports nothing: that is breaching too, since
    // then nobody sees the nodes. Runbook: infra/aws/runbooks/EksNodesUnhealthy.md.
    Map<String, String> eks = Map.of("ClusterName", Contract.clusterName(config.name()));
    alarm(
        "EksFailedNodes",
        "ContainerInsights",
        "cluster_failed_node_count",
        eks,
        "Maximum",
        0,
        ComparisonOperator.GREATER_THAN_THRESHOLD,
        3,
        action,
        "EKS nodes not Ready for 15 minutes" + Runbooks.cite(EKS_RUNBOOK),
        TreatMissingData.BREACHING);
    alarm(
        "EksNodeCount",
        "ContainerInsights",
        "cluster_node_count",
        eks,
        "Minimum",
        config.nodeMin(),
        ComparisonOperator.LESS_THAN_THRESHOLD,
        3,
        action,
        "EKS has fewer than nodeMin ("
            + config.nodeMin()
            + ") nodes for 15 minutes"
            + Runbooks.cite(EKS_RUNBOOK),
        TreatMissingData.BREACHING);
    int i = 0;
    for (var subnet : vpc.getPublicSubnets()) {
      if (subnet.getNode().tryFindChild("NATGateway") instanceof CfnNatGateway nat) {
        alarm(
            "NatErrors" + (++i),
            "AWS/NATGateway",
            "ErrorPortAllocation",
            Map.of("NatGatewayId", nat.getRef()),
            "Sum",
            0,
            ComparisonOperator.GREATER_THAN_THRESHOLD,
            1,
            action,
            "NAT gateway could not allocate a source port (outbound connections fail)"
                + Runbooks.cite(NAT_RUNBOOK));
      }
    }
  }

  /** {@code function} (SUM, MAX) across {@code members}' {@code name}, above {@code threshold}. */
  private void redisAlarm(
      String id,
      String name,
      String statistic,
      List<String> members,
      String function,
      double threshold,
      int periods,
      SnsAction action,
      String description) {
    Map<String, IMetric> metrics = new LinkedHashMap<>();
    for (int i = 0; i < members.size(); i++) {
      metrics.put(
          "node" + (i + 1),
          Metric.Builder.create()
              .namespace("AWS/ElastiCache")
              .metricName(name)
              .dimensionsMap(Map.of("CacheClusterId", members.get(i)))
              .statistic(statistic)
              .period(Duration.minutes(5))
              .build());
    }
    alarm(
        id,
        MathExpression.Builder.create()
            .expression(function + "([" + String.join(", ", metrics.keySet()) + "])")
            .usingMetrics(metrics)
            .label(name + " (" + function + " over the group's nodes)")
            .period(Duration.minutes(5))
            .build(),
        threshold,
        ComparisonOperator.GREATER_THAN_THRESHOLD,
        periods,
        action,
        description,
        TreatMissingData.NOT_BREACHING);
  }

  private void alarm(
      String id,
      String namespace,
      String name,
      Map<String, String> dimensions,
      String statistic,
      double threshold,
      ComparisonOperator op,
      int periods,
      SnsAction action,
      String description) {
    alarm(
        id,
        namespace,
        name,
        dimensions,
        statistic,
        threshold,
        op,
        periods,
        action,
        description,
        TreatMissingData.NOT_BREACHING);
  }

  private void alarm(
      String id,
      String namespace,
      String name,
      Map<String, String> dimensions,
      String statistic,
      double threshold,
      ComparisonOperator op,
      int periods,
      SnsAction action,
      String description,
      TreatMissingData missing) {
    alarm(
        id,
        Metric.Builder.create()
            .namespace(namespace)
            .metricName(name)
            .dimensionsMap(dimensions)
            .statistic(statistic)
            .period(Duration.minutes(5))
            .build(),
        threshold,
        op,
        periods,
        action,
        description,
        missing);
  }

  /** Every platform alarm: one metric (or expression), to the topic on alarm and on OK. */
  private void alarm(
      String id,
      IMetric metric,
      double threshold,
      ComparisonOperator op,
      int periods,
      SnsAction action,
      String description,
      TreatMissingData missing) {
    Alarm alarm =
        Alarm.Builder.create(this, id)
            .alarmDescription(description)
            .metric(metric)
            .threshold(threshold)
            .comparisonOperator(op)
            .evaluationPeriods(periods)
            .treatMissingData(missing)
            .build();
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
  }
}
