package dev.day2.drills;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The failed answers of a load by target (host or port) and status ("-1" = no HTTP answer), and the
 * first error without an answer, for a row's notes.
 */
final class Failures {
  private Failures() {}

  static String summary(Load load) {
    Map<String, Long> byTarget =
        load.outcomes().stream()
            .filter(o -> !o.ok())
            .collect(
                Collectors.groupingBy(
                    o -> o.target() + " " + o.status(), TreeMap::new, Collectors.counting()));
    if (byTarget.isEmpty()) {
      return "no failures";
    }
    String firstError =
        load.outcomes().stream()
            .filter(o -> o.status() == -1)
            .map(o -> "; first with no HTTP answer: " + o.body())
            .findFirst()
            .orElse("");
    return "failures (target status=count) " + byTarget + firstError;
  }

  /** Failed answers that are not a 503 with a JSON body (what a store outage must produce). */
  static long notJson503(Load load) {
    return load.outcomes().stream()
        .filter(o -> !o.ok())
        .filter(o -> o.status() != 503 || !o.body().strip().startsWith("{"))
        .count();
  }
}
