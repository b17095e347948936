package dev.day2.wrpi.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.day2.redis.testing.RedisServer;
import dev.day2.service.testing.WarmUpChecks;
import dev.day2.testing.process.FreePorts;
import dev.day2.testing.process.TestProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A new replica of the packaged jar, started as production starts it (ADR 0140): it reads the WRPI
 * with its own password before it reports ready, every read a 200 (a wrong password would be a 401
 * and a fail2ban line each), and none of it in the access log.
 */
class WrpiWarmUpIT {
  private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

  @Test
  void warmsUpWithItsOwnPasswordUnseen() throws Exception {
    String password = "warm-" + Long.toHexString(System.nanoTime());
    try (RedisServer redis = RedisServer.startNew()) {
      redis.call("MSET", "wrpi-latest", "1.5", "wrpi-timestamp", "2026-12-03T02:00:00+0000");
      int port = FreePorts.next();
      Map<String, String> env =
          WarmUpChecks.env(
              port,
              Map.of(
                  "REDIS_HOST",
                  redis.host(),
                  "REDIS_PORT",
                  "" + redis.port(),
                  "APP_PASSWORD",
                  password));
      try (TestProcess api =
          TestProcess.startJar(
              "wrpi-api",
              JAR,
              List.of(),
              env,
              null,
              List.of("REDIS_", "APP_PASSWORD", "WARM_UP", "ACCESS_LOG"))) {
        String outcome =
            WarmUpChecks.awaitWarmedUp("http://127.0.0.1:" + port, Duration.ofSeconds(60));
        assertThat(outcome).contains("(0 not 2xx)");
        assertThat(WarmUpChecks.answered(outcome)).as("warm-up reads").isGreaterThan(50);
        assertThat(api.lines())
            .noneMatch(l -> l.contains(WrpiRoute.AUTH_FAILURE))
            .noneMatch(l -> l.contains("GET /v0/wrpi"));
      }
    }
  }
}
