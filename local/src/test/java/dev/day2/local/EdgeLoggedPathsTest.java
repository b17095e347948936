package dev.day2.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edge's access log keeps no user id (ADR 0136): the real haproxy with the shipped config logs
 * every path of logged-paths.tsv as the table says, the same table the services' own access log
 * (LoggedPath) is checked against, while the replica still receives the path as it was sent.
 */
class EdgeLoggedPathsTest {
  private static final Path CASES =
      StandInEdge.HOME.resolve("libs/service-common/src/test/resources/logged-paths.tsv");

  @TempDir Path tmp;
  private StandInEdge stands;
  private EdgeClient edge;

  @BeforeEach
  void start() throws Exception {
    stands = new StandInEdge(tmp);
    HttpServer preferences = stands.standIn("preferences");
    edge =
        stands.start(
            Map.of(
                "PREFERENCES_R1", StandInEdge.address(preferences),
                "PREFERENCES_R2", StandInEdge.address(preferences)));
    assertThat(StandInEdge.awaitFrom(edge, "preferences.localhost", "/", "preferences"::equals))
        .isTrue();
  }

  @AfterEach
  void stop() throws Exception {
    stands.close();
  }

  @Test
  void everyPathIsLoggedAsTheSharedTableSaysAndPassedOnUnchanged() throws Exception {
    Map<String, String> cases = new LinkedHashMap<>();
    for (String line : Files.readAllLines(CASES)) {
      if (!line.isBlank() && !line.startsWith("#")) {
        String[] pair = line.split("\t", -1);
        cases.put(pair[0], pair[1]);
      }
    }
    assertThat(cases).hasSizeGreaterThan(10);

    Map<String, String> ids = new LinkedHashMap<>();
    for (String sent : cases.keySet()) {
      String id = "logged-path-" + ids.size();
      ids.put(sent, id);
      String answer =
          edge.raw(
              "127.0.0.1",
              "GET "
                  + sent
                  + " HTTP/1.1\r\nHost: preferences.localhost\r\nX-Request-ID: "
                  + id
                  + "\r\nConnection: close\r\n\r\n");
      if (answer.startsWith("HTTP/1.1 200")) {
        // the log is the edge's own: what reaches the replica is the path as it was sent
        assertThat(answer).as(sent).endsWith("\r\n\r\n" + sent);
      } else {
        // only a path that is not valid percent-encoding is refused, and it is logged too
        assertThat(answer).as(sent).startsWith("HTTP/1.1 400").contains("percent-encoding");
      }
    }

    Path log = tmp.resolve("haproxy.log");
    EdgeLog.awaitLine(log, "\"request_id\":\"" + ids.get(List.copyOf(ids.keySet()).getLast()));
    List<String> lines = Files.readAllLines(log);
    for (Map.Entry<String, String> sent : ids.entrySet()) {
      String needle = "\"request_id\":\"" + sent.getValue() + "\"";
      String line = lines.stream().filter(l -> l.contains(needle)).findFirst().orElseThrow();
      assertThat(loggedPath(line)).as(sent.getKey()).isEqualTo(cases.get(sent.getKey()));
    }
  }

  private static String loggedPath(String line) {
    Matcher m = Pattern.compile("\"path\":\"([^\"]*)\"").matcher(line);
    assertThat(m.find()).as(line).isTrue();
    return m.group(1).replace("\\/", "/");
  }
}
