package dev.day2.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.day2.testing.process.FreePorts;
import dev.day2.testing.process.TestProcess;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real Prometheus (Debian's binary) on a free loopback port, running the test's copy of the
 * shipped config: the same file with 1 s intervals, and the shipped rules with {@code WrpiStale}
 * shortened to 15 s over 3 s (wrpi-api re-reads the reading every 10 s when idle, so anything
 * shorter would flap). It reads the targets {@code make run} wrote.
 */
final class TestPrometheus implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  final int port;
  private final TestProcess process;

  private TestPrometheus(int port, TestProcess process) {
    this.port = port;
    this.process = process;
  }

  static TestPrometheus start(Path dir, Path targets) throws Exception {
    Files.createDirectories(dir.resolve("rules"));
    Files.writeString(dir.resolve("prometheus.yml"), fastConfig());
    for (String file : ConfigCheckTest.files(Repo.prometheus().resolve("rules"), ".yaml")) {
      Path source = Path.of(file);
      Files.writeString(
          dir.resolve("rules").resolve(source.getFileName()), fastRules(Files.readString(source)));
    }
    Files.createSymbolicLink(dir.resolve("targets"), targets);
    int port = FreePorts.next();
    TestProcess process =
        TestProcess.start(
            "prometheus",
            List.of(
                "prometheus",
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port),
            Map.of(),
            dir.resolve("prometheus.log"));
    TestPrometheus prometheus = new TestPrometheus(port, process);
    process.awaitHttp200("http://127.0.0.1:" + port + "/-/ready", Duration.ofSeconds(30));
    return prometheus;
  }

  /** The shipped prometheus.yml with 1 s scrape and evaluation intervals. */
  static String fastConfig() throws IOException {
    String shipped = Files.readString(Repo.prometheus().resolve("prometheus.yml"));
    return replaceOnce(
        replaceOnce(
            replaceOnce(shipped, "scrape_interval: 15s", "scrape_interval: 1s"),
            "scrape_timeout: 10s",
            "scrape_timeout: 1s"),
        "evaluation_interval: 15s",
        "evaluation_interval: 1s");
  }

  /** A rule file as shipped, except WrpiStale: older than 15 s for 3 s, not 300 s for 1m. */
  static String fastRules(String yaml) throws IOException {
    JsonNode root = Alerts.YAML.readTree(yaml);
    for (JsonNode group : root.path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        if (rule.path("alert").asText().equals("WrpiStale")) {
          ObjectNode stale = (ObjectNode) rule;
          stale.put("expr", replaceOnce(stale.get("expr").asText(), "> 300", "> 15"));
          stale.put("for", "3s");
        }
      }
    }
    return Alerts.YAML.writeValueAsString(root);
  }

  private static String replaceOnce(String text, String from, String to) {
    if (!text.contains(from)) {
      throw new IllegalStateException("the shipped file no longer contains '" + from + "'");
    }
    return text.replace(from, to);
  }

  /** {@code /api/v1/query}: the whole answer; status "error" when the expression is invalid. */
  JsonNode query(String promql) throws Exception {
    return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
  }

  JsonNode get(String path) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }

  static JsonNode get(int port, String path) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }

  @Override
  public void close() {
    process.close();
  }
}
