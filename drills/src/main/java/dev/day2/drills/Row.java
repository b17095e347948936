package dev.day2.drills;

import java.time.Duration;
import java.util.List;

/**
 * One line of the drills' table: what broke, requests sent and failed, acknowledged writes lost,
 * time to recover, and whether the drill met its goal (the goal is spelled out in the row). {@code
 * dataGoalMissed}: acknowledged writes were lost beyond the goal, or the restore was too slow.
 */
record Row(
    String drill,
    String broke,
    long sent,
    long failed,
    String lost,
    Duration recovered,
    String goal,
    boolean met,
    boolean dataGoalMissed,
    String notes) {

  static final String HEADER =
      "| drill | what broke | requests | failed | lost acknowledged writes | time to recover | goal | result | notes |";

  String markdown() {
    return "| %s | %s | %d | %d | %s | %s | %s | %s | %s |"
        .formatted(
            drill,
            broke,
            sent,
            failed,
            lost,
            seconds(recovered),
            goal,
            met ? "met" : "MISSED",
            notes);
  }

  static String seconds(Duration d) {
    return "%.1f s".formatted(d.toMillis() / 1000.0);
  }

  static String table(List<Row> rows) {
    StringBuilder out = new StringBuilder(HEADER).append('\n');
    out.append("|---|---|---|---|---|---|---|---|---|\n");
    rows.forEach(r -> out.append(r.markdown()).append('\n'));
    return out.toString();
  }
}
