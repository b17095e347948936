package dev.day2.infra;

import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
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
  /** The runbook of the node-group health alarms. */
  static final String EKS_RUNBOOK = "infra/aws/runbooks/EksNodesUnhealthy.md";

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
        "RDS CPU above 80% for 15 minutes");
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
        "RDS free storage below 10% of the allocation (autoscaling may be at its ceiling)");
    alarm(
        "RdsConnections",
        "AWS/RDS",
        "DatabaseConnections",
        rds,
        "Maximum",
        400,
        ComparisonOperator.GREATER_THAN_THRESHOLD,
        3,
        action,
        "RDS connections above 400 for 15 minutes");
    Map<String, String> redis = Map.of("ReplicationGroupId", Redis.replicationGroupId(config));
    alarm(
        "RedisEvictions",
        "AWS/ElastiCache",
        "Evictions",
        redis,
        "Sum",
        0,
        ComparisonOperator.GREATER_THAN_THRESHOLD,
        1,
        action,
        "Redis evicted keys (the WRPI or counts may be lost)");
    alarm(
        "RedisMemory",
        "AWS/ElastiCache",
        "DatabaseMemoryUsagePercentage",
        redis,
        "Maximum",
        80,
        ComparisonOperator.GREATER_THAN_THRESHOLD,
        3,
        action,
        "Redis memory above 80% for 15 minutes");
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
        "EKS nodes not Ready for 15 minutes (runbook: " + EKS_RUNBOOK + ")",
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
            + ") nodes for 15 minutes (runbook: "
            + EKS_RUNBOOK
            + ")",
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
            "NAT gateway could not allocate a source port (outbound connections fail)");
      }
    }
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
    Alarm alarm =
        Alarm.Builder.create(this, id)
            .alarmDescription(description)
            .metric(
                Metric.Builder.create()
                    .namespace(namespace)
                    .metricName(name)
                    .dimensionsMap(dimensions)
                    .statistic(statistic)
                    .period(Duration.minutes(5))
                    .build())
            .threshold(threshold)
            .comparisonOperator(op)
            .evaluationPeriods(periods)
            .treatMissingData(missing)
            .build();
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
  }
}
