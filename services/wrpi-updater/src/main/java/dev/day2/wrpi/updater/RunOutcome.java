package dev.day2.wrpi.updater;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * What one run did, as the Prometheus text the Pushgateway takes. A failed run leaves out {@code
 * wrpi_updater_last_success_timestamp_seconds}: pushed with POST, the Pushgateway then keeps the
 * last success's value, so "how long since it last worked" survives any number of failures.
 */
record RunOutcome(boolean success, Instant finished, Duration took) {
  String exposition() {
    StringBuilder text = new StringBuilder();
    gauge(
        text,
        "wrpi_updater_last_run_success",
        "1 if the last run stored a reading in Redis, 0 if it failed.",
        success ? "1" : "0");
    gauge(
        text,
        "wrpi_updater_last_run_timestamp_seconds",
        "When the last run finished (Unix time).",
        seconds(finished));
    gauge(
        text,
        "wrpi_updater_last_run_duration_seconds",
        "How long the last run took.",
        String.format(Locale.ROOT, "%.6f", took.toNanos() / 1e9));
    if (success) {
      gauge(
          text,
          "wrpi_updater_last_success_timestamp_seconds",
          "When a run last stored a reading (Unix time).",
          seconds(finished));
    }
    return text.toString();
  }

  private static String seconds(Instant time) {
    return String.format(Locale.ROOT, "%d.%03d", time.getEpochSecond(), time.getNano() / 1_000_000);
  }

  private static void gauge(StringBuilder text, String name, String help, String value) {
    text.append("# HELP ").append(name).append(' ').append(help).append('\n');
    text.append("# TYPE ").append(name).append(" gauge\n");
    text.append(name).append(' ').append(value).append('\n');
  }
}
