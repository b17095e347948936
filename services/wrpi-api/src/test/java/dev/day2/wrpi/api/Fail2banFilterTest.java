package dev.day2.wrpi.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.day2.testing.process.Fail2banRegex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fail2ban filter against log lines in both formats the api writes, and against lines that
 * carry the same words in client-controlled places (which must not ban anyone). {@link ApiJarIT}
 * runs it on the packaged jar's real output.
 */
class Fail2banFilterTest {
  static final Path WRPI_FILTER = Path.of("../../deploy/host/fail2ban/filter.d/wrpi-api.conf");

  @TempDir Path tmp;

  @Test
  void matchesTheJsonAndTextLinesAndNothingElse() throws Exception {
    String now = LocalDateTime.now(ZoneOffset.UTC) + "123Z";
    String text =
        LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS"));
    String json = "{\"timestamp\":\"" + now + "\",\"sequence\":1,\"loggerName\":";
    List<String> lines =
        List.of(
            json
                + "\"dev.day2.wrpi.api.auth\",\"level\":\"WARN\",\"message\":\""
                + WrpiRoute.AUTH_FAILURE
                + "203.0.113.7\",\"mdc\":{},\"service\":\"wrpi-api\"}",
            json
                + "\"dev.day2.wrpi.api.auth\",\"level\":\"WARN\",\"message\":\""
                + WrpiRoute.AUTH_FAILURE
                + "2001:db8::7\",\"service\":\"wrpi-api\"}",
            text
                + " WARN  [dev.day.wrp.api.auth] (vert.x-eventloop-thread-1) "
                + WrpiRoute.AUTH_FAILURE
                + "198.51.100.9",
            // decoys: the words inside an access-log line's URL, escaped by JSON / in text
            json
                + "\"io.quarkus.http.access-log\",\"level\":\"INFO\",\"message\":\"192.0.2.66 "
                + "\\\"GET /?\\\"message\\\":\\\"wrpi-api auth failure from 192.0.2.1\\\" "
                + "HTTP/1.1\\\" 401 72\",\"service\":\"wrpi-api\"}",
            text
                + " INFO  [io.qua.htt.access-log] (vert.x-eventloop-thread-1) 192.0.2.66 "
                + "\"GET /x HTTP/1.1\" 401 72 request_id=wrpi-api auth failure from 192.0.2.2");
    Path log = Files.write(tmp.resolve("wrpi-api.log"), lines);

    assertThat(Fail2banRegex.matchedHosts(WRPI_FILTER, log, tmp))
        .containsExactly("203.0.113.7", "2001:db8::7", "198.51.100.9");
  }
}
