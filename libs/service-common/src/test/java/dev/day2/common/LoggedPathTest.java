package dev.day2.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The services' access log keeps no user id: the table the edge is checked against too. */
class LoggedPathTest {
  /** logged-paths.tsv: (sent, logged) pairs, comments and blank lines left out. */
  static Stream<Arguments> cases() throws IOException {
    try (InputStream in = LoggedPathTest.class.getResourceAsStream("/logged-paths.tsv")) {
      List<String> lines =
          new String(in.readAllBytes(), StandardCharsets.UTF_8)
              .lines()
              .filter(l -> !l.isBlank() && !l.startsWith("#"))
              .toList();
      assertThat(lines).hasSizeGreaterThan(10).allMatch(l -> l.split("\t", -1).length == 2);
      return lines.stream().map(l -> l.split("\t", -1)).map(p -> Arguments.of(p[0], p[1]));
    }
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("cases")
  void aPathIsLoggedWithoutItsUserId(String sent, String logged) {
    assertThat(LoggedPath.of(sent)).isEqualTo(logged);
  }

  @Test
  void theServicesAccessLogLineCarriesTheLoggedPathAndKeepsTheQuery() {
    assertThat(
            AccessLog.line(
                "192.0.2.7", "GET", "/v1/users/alice/preferences?x=1", "HTTP/1.1", 403, 9, 0, "r"))
        .isEqualTo(
            "192.0.2.7 \"GET /v1/users/{userId}/preferences?x=1 HTTP/1.1\" 403 9 0 ms request_id=r");
  }

  @Test
  void decodingIsStrictAboutPercentEncodingAndLeavesPlusAlone() {
    assertThat(LoggedPath.decode("/a+b/%41")).isEqualTo("/a+b/A");
    assertThat(LoggedPath.decode("/a%4")).isNull();
    assertThat(LoggedPath.decode("/a%g1")).isNull();
    assertThat(LoggedPath.decode("/%C3%A9")).isEqualTo("/\u00e9");
  }
}
