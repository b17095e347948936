package dev.day2.service.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logging.MDC;

/**
 * What a logger writes while a test's requests run, each record as {@code LEVEL request_id=ID}: the
 * request id in the log context at the moment it was written, for tests that a failure is logged
 * with its own request's id. Records are read as they are written, so in-process tests
 * ({@code @QuarkusTest}) only.
 */
public final class RequestIdLog {
  /** The request id's key in the log context (service-common's {@code RequestIds.MDC_KEY}). */
  static final String MDC_KEY = "request_id";

  private RequestIdLog() {}

  /** The records {@code loggerName} writes while {@code requests} runs. */
  public static List<String> during(String loggerName, Runnable requests) {
    List<String> logged = new CopyOnWriteArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            logged.add(record.getLevel() + " request_id=" + MDC.get(MDC_KEY));
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger log = Logger.getLogger(loggerName);
    log.addHandler(capture);
    try {
      requests.run();
    } finally {
      log.removeHandler(capture);
    }
    return List.copyOf(logged);
  }
}
