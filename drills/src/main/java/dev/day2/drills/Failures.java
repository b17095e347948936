package dev.day2.drills;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The failed answers of a load, by status ("-1" = no HTTP answer), for a row's notes. */
final class Failures {
  private Failures() {}

  static String summary(Load load) {
    Map<Integer, Long> byStatus =
        load.outcomes().stream()
            .filter(o -> !o.ok())
            .collect(
                Collectors.groupingBy(Load.Outcome::status, TreeMap::new, Collectors.counting()));
    if (byStatus.isEmpty()) {
      return "no failures";
    }
    return "failures by status " + byStatus;
  }

  /** Failed answers that are not a 503 with a JSON body (what a store outage must produce). */
  static long notJson503(Load load) {
    return load.outcomes().stream()
        .filter(o -> !o.ok())
        .filter(o -> o.status() != 503 || !o.body().strip().startsWith("{"))
        .count();
  }
}
