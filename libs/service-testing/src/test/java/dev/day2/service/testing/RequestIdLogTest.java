package dev.day2.service.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RequestIdLogTest {
  private static final String NAME = "dev.day2.service.testing.RequestIdLogTest.subject";
  private final Logger log = Logger.getLogger(NAME);

  @AfterEach
  void clearTheLogContext() {
    MDC.remove(RequestIdLog.MDC_KEY);
  }

  @Test
  void recordsEachLinesLevelAndTheRequestIdAtTheTimeItWasWritten() {
    assertThat(
            RequestIdLog.during(
                NAME,
                () -> {
                  MDC.put(RequestIdLog.MDC_KEY, "first");
                  log.warn("one");
                  MDC.put(RequestIdLog.MDC_KEY, "second");
                  log.error("two");
                  MDC.remove(RequestIdLog.MDC_KEY);
                  log.warn("three");
                  Logger.getLogger("another.logger").warn("not this one");
                }))
        .containsExactly(
            "WARN request_id=first", "ERROR request_id=second", "WARN request_id=null");
  }

  @Test
  void stopsListeningWhenTheRequestsAreDone() {
    RequestIdLog.during(NAME, () -> {});
    assertThat(RequestIdLog.during(NAME, () -> {})).isEmpty();
    assertThat(java.util.logging.Logger.getLogger(NAME).getHandlers()).isEmpty();
  }
}
