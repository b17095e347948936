package dev.day2.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.SnsTopic;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;

/**
 * AWS Health's scheduled changes to the services Day2 runs on, sent to the platform alarms topic as
 * they are announced, usually months ahead: the end of standard support of the cluster's Kubernetes
 * minor (after which EKS bills extended support, $365 a month per environment: ADR 0062), of
 * PostgreSQL 15 on RDS (ADR 0090), of the Redis engine or of a Lambda runtime, and the maintenance
 * AWS schedules on those resources. Nothing else tells anyone that a date is coming
 * (docs/upgrades.md): these are tickets, not pages.
 */
final class ScheduledChanges extends Construct {
  static final String RUNBOOK = "AwsScheduledChange";

  /** AWS Health's service codes of what Day2 runs on. */
  static final List<String> SERVICES = List.of("EKS", "RDS", "ELASTICACHE", "LAMBDA", "EC2");

  ScheduledChanges(Construct scope, String id, EnvConfig config, ITopic alarms) {
    super(scope, id);
    Rule.Builder.create(this, "Rule")
        .ruleName("day2-" + config.name() + "-aws-scheduled-changes")
        .description(
            "AWS Health's scheduled changes (end of support, maintenance) to EKS, RDS,"
                + " ElastiCache, Lambda and EC2 to the alarms topic"
                + Runbooks.cite(RUNBOOK))
        .eventPattern(
            EventPattern.builder()
                .source(List.of("aws.health"))
                .detailType(List.of("AWS Health Event"))
                .detail(
                    Map.of("service", SERVICES, "eventTypeCategory", List.of("scheduledChange")))
                .build())
        .targets(List.of(new SnsTopic(alarms)))
        .build();
  }
}
