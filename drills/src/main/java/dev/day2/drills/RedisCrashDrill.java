package dev.day2.drills;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code kill -9} Redis under counter load, start it again on its data (AOF, appendfsync everysec)
 * and compare: the highest count a client was told before the crash against the count Redis came
 * back with. Goal: at most 1 s of acknowledged INCRs lost.
 */
final class RedisCrashDrill {
  private static final Pattern SEEN = Pattern.compile("seen (\\d+) times");

  private RedisCrashDrill() {}

  static Row run(Context c) throws IOException {
    try (Load load = c.load(n -> c.direct("counter", (int) (n % 2), "/").build())) {
      c.settings().pause();
      Instant crashed = Instant.now();
      c.stack().killRedis();
      c.stack().startRedis();
      Context.await(Duration.ofSeconds(60), () -> load.firstOkAfter(crashed).isPresent());
      Duration recovered =
          Duration.between(crashed, load.firstOkAfter(crashed).orElse(Instant.now()));
      c.settings().pause();
      load.close();
      List<Load.Outcome> all = load.outcomes();
      long before = max(all, crashed);
      long afterFirst = minAfter(all, crashed).orElse(before + 1);
      long lost = Math.max(0, before - (afterFirst - 1));
      long lastSecond =
          all.stream()
              .filter(o ->
                  o.ok() && o.at().isBefore(crashed) && o.at().isAfter(crashed.minusSeconds(1)))
              .count();
      double lostSeconds = lastSecond == 0 ? 0 : (double) lost / lastSecond;
      Duration window = load.window(o -> !o.ok());
      long bad = Failures.notJson503(load);
      return new Row(
          "redis crash",
          "kill -9 redis-server under counter load, restarted on its AOF",
          load.sent(),
          load.failed(),
          "%d INCRs = %.2f s of writes".formatted(lost, lostSeconds),
          recovered,
          "loss <= 1 s of writes; 503 JSON while down",
          lostSeconds <= 1.0 && bad == 0,
          lostSeconds > 1.0,
          "count %d acknowledged before the crash, %d after restart; 503 window %s; %d answers not 503 JSON; %s"
              .formatted(before, afterFirst - 1, Row.seconds(window), bad, Failures.summary(load)));
    }
  }

  private static long max(List<Load.Outcome> all, Instant before) {
    return all.stream()
        .filter(o -> o.ok() && o.at().isBefore(before))
        .mapToLong(RedisCrashDrill::count)
        .max()
        .orElse(0);
  }

  private static OptionalLong minAfter(List<Load.Outcome> all, Instant after) {
    return all.stream()
        .filter(o -> o.ok() && o.at().isAfter(after))
        .mapToLong(RedisCrashDrill::count)
        .min();
  }

  static long count(Load.Outcome o) {
    Matcher m = SEEN.matcher(o.body());
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }
}
