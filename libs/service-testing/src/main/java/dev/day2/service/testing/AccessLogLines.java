package dev.day2.service.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The access-log lines a service writes (service-common's {@code AccessLog}, under Quarkus' {@code
 * io.quarkus.http.access-log} category) while a test's requests run. A line is written when its
 * response has ended, just after the client has it, so {@link #during} waits for the lines of the
 * request ids it is given. In-process tests ({@code @QuarkusTest}) only.
 */
public final class AccessLogLines {
  static final String CATEGORY = "io.quarkus.http.access-log";

  private AccessLogLines() {}

  /**
   * Every access-log line written while {@code requests} runs and until a line for each of {@code
   * requestIds} is there (at most 2 s more).
   */
  public static List<String> during(Runnable requests, String... requestIds)
      throws InterruptedException {
    List<String> lines = new CopyOnWriteArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            lines.add(record.getMessage());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger log = Logger.getLogger(CATEGORY);
    log.addHandler(capture);
    try {
      requests.run();
      for (int i = 0; i < 200 && !allLogged(lines, requestIds); i++) {
        Thread.sleep(10); // polling for lines the server thread writes after answering
      }
      return List.copyOf(lines);
    } finally {
      log.removeHandler(capture);
    }
  }

  private static boolean allLogged(List<String> lines, String... requestIds) {
    for (String id : requestIds) {
      if (lines.stream().noneMatch(l -> l.endsWith("request_id=" + id))) {
        return false;
      }
    }
    return true;
  }
}
