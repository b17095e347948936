package dev.day2.infra;

import java.util.List;
import software.amazon.awscdk.services.budgets.CfnBudget;
import software.constructs.Construct;

/** A monthly cost budget: mail at 80% actual and 100% forecast spend. */
final class MonthlyBudget extends Construct {
  MonthlyBudget(Construct scope, String id, EnvConfig config) {
    super(scope, id);
    CfnBudget.Builder.create(this, "Budget")
        .budget(
            CfnBudget.BudgetDataProperty.builder()
                .budgetName("day2-" + config.name() + "-monthly")
                .budgetType("COST")
                .timeUnit("MONTHLY")
                .budgetLimit(
                    CfnBudget.SpendProperty.builder()
                        .amount(config.monthlyBudgetUsd())
                        .unit("USD")
                        .build())
                .build())
        .notificationsWithSubscribers(
            List.of(notify(config, "ACTUAL", 80), notify(config, "FORECASTED", 100)))
        .build();
  }

  private static CfnBudget.NotificationWithSubscribersProperty notify(
      EnvConfig config, String type, int percent) {
    return CfnBudget.NotificationWithSubscribersProperty.builder()
        .notification(
            CfnBudget.NotificationProperty.builder()
                .notificationType(type)
                .comparisonOperator("GREATER_THAN")
                .threshold(percent)
                .thresholdType("PERCENTAGE")
                .build())
        .subscribers(
            List.of(
                CfnBudget.SubscriberProperty.builder()
                    .subscriptionType("EMAIL")
                    .address(config.alarmEmail())
                    .build()))
        .build();
  }
}
