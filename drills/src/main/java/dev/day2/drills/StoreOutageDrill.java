package dev.day2.drills;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/**
 * Stops a data store under load for a few seconds and starts it again, without touching the
 * services. Goal: every failed answer is a 503 with a JSON body, and the services answer 200 again
 * by themselves once the store is back.
 */
final class StoreOutageDrill {
  private StoreOutageDrill() {}

  /** PostgreSQL stopped ({@code pg_ctl stop -m fast}) under preferences reads. */
  static Row postgres(Context c) throws IOException {
    try (Load load =
        c.load(n ->
            c.direct("preferences", (int) (n % 2), "/v1/users/drill-reader/preferences").build())) {
      c.settings().pause();
      Instant down = Instant.now();
      c.postgres().stop();
      Settings.sleep(c.settings().outage());
      c.postgres().start();
      return finish(c, load, down, Instant.now(), "postgres outage", "PostgreSQL stopped for ");
    }
  }

  /** Redis stopped (SIGTERM) under counter load. */
  static Row redis(Context c) throws IOException {
    try (Load load = c.load(n -> c.direct("counter", (int) (n % 2), "/").build())) {
      c.settings().pause();
      Instant down = Instant.now();
      c.stack().stopRedis();
      Settings.sleep(c.settings().outage());
      c.stack().startRedis();
      return finish(c, load, down, Instant.now(), "redis outage", "Redis stopped for ");
    }
  }

  private static Row finish(
      Context c, Load load, Instant down, Instant back, String drill, String broke) {
    boolean recovered =
        Context.await(Duration.ofSeconds(60), () -> load.firstOkAfter(back).isPresent());
    Instant firstOk = load.firstOkAfter(back).orElse(Instant.now());
    c.settings().pause();
    load.close();
    long bad = Failures.notJson503(load);
    return new Row(
        drill,
        broke + Row.seconds(c.settings().outage()) + ", services not restarted",
        load.sent(),
        load.failed(),
        "-",
        Duration.between(down, firstOk),
        "503 JSON while down, 200 after",
        recovered && bad == 0,
        !recovered,
        "503 window %s; 200 again %s after the store was back; %d answers not 503 JSON; %s"
            .formatted(
                Row.seconds(load.window(o -> !o.ok())),
                Row.seconds(Duration.between(back, firstOk)),
                bad,
                Failures.summary(load)));
  }
}
