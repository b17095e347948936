package dev.day2.infra;

import java.util.List;
import software.amazon.awscdk.services.chatbot.LoggingLevel;
import software.amazon.awscdk.services.chatbot.SlackChannelConfiguration;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;

/**
 * The alarm topics into the on-call's Slack channel through AWS Chatbot, beside the e-mail: the
 * CloudWatch alarms reach the people the Prometheus alerts page ({@code #day2-pager}), instead of
 * only a mailbox. On when cdk.json sets {@code alarmSlackWorkspaceId} and {@code
 * alarmSlackChannelId} (the workspace is authorised once in the Chatbot console); the channel's
 * users can read CloudWatch from it, nothing more (the guardrail).
 */
public final class AlarmsToSlack {
  private AlarmsToSlack() {}

  /** Adds the channel configuration for {@code topics} when the environment has one; else none. */
  public static void add(Construct scope, EnvConfig config, String name, List<ITopic> topics) {
    if (!config.alarmsToSlack()) {
      return;
    }
    SlackChannelConfiguration.Builder.create(scope, "Slack")
        .slackChannelConfigurationName("day2-" + config.name() + "-" + name)
        .slackWorkspaceId(config.alarmSlackWorkspaceId())
        .slackChannelId(config.alarmSlackChannelId())
        .notificationTopics(topics)
        .guardrailPolicies(
            List.of(ManagedPolicy.fromAwsManagedPolicyName("CloudWatchReadOnlyAccess")))
        .loggingLevel(LoggingLevel.ERROR)
        .build();
  }
}
