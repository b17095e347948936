package dev.day2.infra;

/**
 * Where the CloudWatch alarms' runbooks live: {@code infra/aws/runbooks/<name>.md}, beside the app
 * (the Prometheus alerts' are in {@code docs/runbooks}). Every alarm's description ends with {@link
 * #cite}; {@code AlarmRunbooksTest} checks each names a file that exists.
 */
public final class Runbooks {
  /** The runbooks' directory, relative to the repository's root. */
  public static final String DIR = "infra/aws/runbooks/";

  private Runbooks() {}

  /** {@code infra/aws/runbooks/<name>.md}. */
  public static String path(String name) {
    return DIR + name + ".md";
  }

  /** The end of an alarm description: {@code " (runbook: infra/aws/runbooks/<name>.md)"}. */
  public static String cite(String name) {
    return " (runbook: " + path(name) + ")";
  }
}
