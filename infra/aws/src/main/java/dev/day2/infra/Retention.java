package dev.day2.infra;

import software.amazon.awscdk.services.logs.RetentionDays;

/** CloudWatch Logs retention for the day counts EnvConfig accepts. */
final class Retention {
  private Retention() {}

  static RetentionDays days(int days) {
    return switch (days) {
      case 7 -> RetentionDays.ONE_WEEK;
      case 14 -> RetentionDays.TWO_WEEKS;
      case 30 -> RetentionDays.ONE_MONTH;
      case 90 -> RetentionDays.THREE_MONTHS;
      case 180 -> RetentionDays.SIX_MONTHS;
      case 365 -> RetentionDays.ONE_YEAR;
      case 731 -> RetentionDays.TWO_YEARS;
      default -> throw new IllegalArgumentException(days + " is not a supported retention");
    };
  }
}
