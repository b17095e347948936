package dev.day2.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.configuration.ConfigurationException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AccessLogTest {
  private static final long FAST = TimeUnit.MILLISECONDS.toNanos(3);
  private static final long SLOW = TimeUnit.MILLISECONDS.toNanos(500);

  @Test
  void errorsModeLogsFailuresAndSlowRequestsOnly() {
    AccessLog log = AccessLog.of("errors", 500);
    assertThat(log.logs("/", 200, FAST)).isFalse();
    assertThat(log.logs("/", 304, FAST)).isFalse();
    assertThat(log.logs("/nope", 404, FAST)).isTrue();
    assertThat(log.logs("/v0/wrpi", 401, FAST)).isTrue();
    assertThat(log.logs("/", 503, FAST)).isTrue();
    assertThat(log.logs("/", 200, SLOW)).as("at the threshold").isTrue();
    assertThat(log.logs("/", 200, SLOW - 1)).isFalse();
  }

  @Test
  void probesAndScrapesAreNeverLogged() {
    for (String mode : new String[] {"errors", "all"}) {
      AccessLog log = AccessLog.of(mode, 500);
      assertThat(log.logs("/q/health/ready", 503, SLOW)).as(mode).isFalse();
      assertThat(log.logs("/q/metrics", 200, FAST)).as(mode).isFalse();
    }
  }

  @Test
  void allLogsEveryRequestAndOffNone() {
    assertThat(AccessLog.of("ALL", 500).logs("/", 200, FAST)).isTrue();
    AccessLog off = AccessLog.of(" off ", 500);
    assertThat(off.logs("/", 500, SLOW)).isFalse();
  }

  @Test
  void aBadSettingNamesTheVariable() {
    assertThatThrownBy(() -> AccessLog.of("some", 500))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("ACCESS_LOG must be errors, all or off, not 'some'");
    assertThatThrownBy(() -> AccessLog.of("errors", -1))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("ACCESS_LOG_SLOW_MS must be 0 or more, not -1");
  }

  @Test
  void theLineKeepsQuarkusAccessLogFormat() {
    assertThat(
            AccessLog.line(
                "192.0.2.7",
                "GET",
                "/v0/wrpi?x=1",
                "HTTP/1.1",
                401,
                72,
                TimeUnit.MICROSECONDS.toNanos(2500),
                "abc-1"))
        .isEqualTo("192.0.2.7 \"GET /v0/wrpi?x=1 HTTP/1.1\" 401 72 2 ms request_id=abc-1");
    assertThat(AccessLog.line("::1", "HEAD", "/", "HTTP/1.0", 404, 0, 0, "r"))
        .isEqualTo("::1 \"HEAD / HTTP/1.0\" 404 - 0 ms request_id=r");
  }
}
