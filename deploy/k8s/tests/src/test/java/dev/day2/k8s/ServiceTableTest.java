package dev.day2.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * services.tsv is the one service table (name, module, port, edge host, store, replicas). The
 * runner (local/) reads it; every other file that restates a port, a host or a replica list is
 * checked against it here, so a drift fails with the file that drifted
 * (docs/adr/0097-one-service-table.md).
 */
class ServiceTableTest {
  static final Path HOME = Kustomize.HOME;

  record Row(
      String name, String module, int port, String host, String store, int run, int compose) {
    boolean http() {
      return port > 0;
    }

    String prefix() {
      return host.toUpperCase(Locale.ROOT);
    }
  }

  static final List<Row> ROWS = load();

  @Test
  void theTableIsWellFormed() {
    assertThat(ROWS).extracting(Row::name).doesNotHaveDuplicates().contains("hello", "tiles");
    assertThat(ROWS.stream().filter(Row::http)).extracting(Row::port).doesNotHaveDuplicates();
    for (Row row : ROWS) {
      assertThat(HOME.resolve(row.module()).resolve("pom.xml"))
          .as(row.name() + "'s module")
          .exists();
      assertThat(row.store()).as(row.name() + "'s store").isIn("redis", "postgres", "-");
      assertThat(row.run()).as(row.name() + " replicas").isPositive();
      assertThat(row.compose()).as(row.name() + " compose replicas").isPositive();
      assertThat(row.http() || "-".equals(row.host()))
          .as(row.name() + ": a job has no edge host")
          .isTrue();
    }
  }

  @Test
  void eachServiceListensOnItsTablePortByDefault() throws IOException {
    for (Row row : http()) {
      assertThat(read(row.module() + "/src/main/resources/application.properties"))
          .as(row.module() + "/src/main/resources/application.properties")
          .contains("quarkus.http.port=${PORT:" + row.port() + "}");
    }
  }

  @Test
  void kubernetesServicesAndContainersUseTheTablePorts() throws IOException {
    for (Row row : http()) {
      String service = "deploy/k8s/base/" + row.name() + "/service.yaml";
      assertThat(numbers(read(service), "port")).as(service).containsOnly(row.port());
      String deployment = "deploy/k8s/base/" + row.name() + "/deployment.yaml";
      assertThat(numbers(read(deployment), "containerPort")).as(deployment).contains(row.port());
    }
  }

  @Test
  void theEdgeDefaultsAndItsKubernetesEnvironmentUseTheTable() throws IOException {
    String haproxy = read("deploy/edge/haproxy.cfg");
    String k8sEdge = read("deploy/k8s/components/edge/deployment.yaml");
    for (Row row : http()) {
      if (row.name().equals("tiles")) {
        assertThat(haproxy).as("haproxy.cfg: tiles go through the cache").contains("backend tiles");
        continue;
      }
      Matcher servers =
          Pattern.compile("(?m)^backend " + row.host() + "\\n((?:[ \\t].*\\n)+)").matcher(haproxy);
      assertThat(servers.find()).as("haproxy.cfg has backend " + row.host()).isTrue();
      List<String> expected =
          IntStream.rangeClosed(1, row.compose())
              .mapToObj(i ->
                  "server r%d \"${%s_R%d-%s-%d:%d}\""
                      .formatted(i, row.prefix(), i, row.name(), i, row.port()))
              .toList();
      List<String> actual =
          servers.group(1).lines().map(String::strip).filter(l -> l.startsWith("server")).toList();
      assertThat(actual).as("haproxy.cfg backend " + row.host()).isEqualTo(expected);
      Matcher env =
          Pattern.compile("- name: " + row.prefix() + "_R\\d+\\s+value: ([a-z0-9.-]+):(\\d+)")
              .matcher(k8sEdge);
      int found = 0;
      while (env.find()) {
        assertThat(env.group(1)).as("k8s edge " + row.prefix()).startsWith(row.name() + ".");
        assertThat(Integer.parseInt(env.group(2)))
            .as("k8s edge " + row.prefix())
            .isEqualTo(row.port());
        found++;
      }
      assertThat(found).as("k8s edge sets " + row.prefix() + "_R*").isPositive();
    }
  }

  @Test
  void theVarnishBackendListsUseTheTable() throws IOException {
    Row tiles = row("tiles");
    assertThat(HOME.resolve("deploy/cache/backends/local.vcl"))
        .as("make run generates its backends from the table (LocalVarnish): no hand copy")
        .doesNotExist();
    List<String> expected =
        IntStream.rangeClosed(1, tiles.compose())
            .mapToObj(i ->
                "backend tiles_%d { .host = \"tiles-%d\"; .port = \"%d\"; .probe = tiles_ready; }"
                    .formatted(i, i, tiles.port()))
            .toList();
    assertThat(
            read("deploy/cache/backends/compose.vcl").lines().filter(l -> l.startsWith("backend")))
        .as("deploy/cache/backends/compose.vcl")
        .isEqualTo(expected);
    assertThat(read("deploy/cache/backends/compose.vcl"))
        .contains(
            IntStream.rangeClosed(1, tiles.compose())
                .mapToObj(i -> "tiles.add_backend(tiles_" + i + ");")
                .toArray(String[]::new));
    assertThat(read("deploy/k8s/components/cache/backends.vcl"))
        .as("deploy/k8s/components/cache/backends.vcl")
        .containsPattern(
            "\\.host = \"tiles\\.[a-z]+\\.svc\\.cluster\\.local\"; \\.port = \""
                + tiles.port()
                + "\"");
  }

  @Test
  void composeRunsTheTableReplicasOnTheTablePorts() throws IOException {
    String compose = read("deploy/compose/compose.yaml");
    for (Row row : ROWS) {
      if (!row.http()) {
        assertThat(compose)
            .as("compose.yaml runs job " + row.name())
            .containsPattern("(?m)^  " + row.name() + ":$");
        continue;
      }
      for (int i = 1; i <= row.compose() + 1; i++) {
        boolean present =
            Pattern.compile("(?m)^  " + row.name() + "-" + i + ":$").matcher(compose).find();
        assertThat(present)
            .as("compose.yaml service " + row.name() + "-" + i + " (table: " + row.compose() + ")")
            .isEqualTo(i <= row.compose());
      }
      String targets = "deploy/compose/prometheus-targets/" + row.name() + "/compose.json";
      List<String> expected =
          IntStream.rangeClosed(1, row.compose())
              .mapToObj(i -> row.name() + "-" + i + ":" + row.port())
              .toList();
      Matcher m = Pattern.compile("\"targets\": \\[\"([^\"]+)\"]").matcher(read(targets));
      List<String> actual = new ArrayList<>();
      while (m.find()) {
        actual.add(m.group(1));
      }
      assertThat(actual).as(targets).isEqualTo(expected);
    }
    // URLs between containers (the portal's COUNTER_URL ...) name a table service's port
    Matcher url = Pattern.compile("http://([a-z-]+)-\\d+:(\\d+)").matcher(compose);
    while (url.find()) {
      assertThat(Integer.parseInt(url.group(2)))
          .as("compose.yaml " + url.group())
          .isEqualTo(row(url.group(1)).port());
    }
  }

  @Test
  void prometheusScrapesKubernetesServicesOnTheTablePorts() throws IOException {
    String prometheus = read("observability/prometheus/prometheus.yml");
    Matcher m =
        Pattern.compile("names: \\[([a-z-]+)-scrape\\.[a-z]+]\\s+type: A\\s+port: (\\d+)")
            .matcher(prometheus);
    int found = 0;
    while (m.find()) {
      if (ROWS.stream().noneMatch(r -> r.name().equals(m.group(1)))) {
        continue; // a platform component (alertmanager ...), not a Day2 service
      }
      assertThat(Integer.parseInt(m.group(2)))
          .as("prometheus.yml " + m.group(1))
          .isEqualTo(row(m.group(1)).port());
      found++;
    }
    assertThat(found).as("dns_sd scrape jobs in prometheus.yml").isGreaterThanOrEqualTo(5);
  }

  /** The README's service table shows each service's port, module and edge host. */
  @Test
  void theReadmeServiceTableShowsTheTable() throws IOException {
    String readme = read("README.md");
    for (Row row : ROWS) {
      String port = row.http() ? Integer.toString(row.port()) : "— (job)";
      String host = row.http() ? "`" + row.host() + ".localhost`" : "—";
      assertThat(readme)
          .as("README.md's row of " + row.name())
          .containsPattern(
              "(?m)^\\| "
                  + Pattern.quote(row.name())
                  + " \\| \\[`"
                  + Pattern.quote(row.module())
                  + "`]\\([^)]+\\) \\| "
                  + Pattern.quote(port)
                  + " \\| "
                  + Pattern.quote(host));
    }
  }

  /** make run reads the table: its Java sources restate no service port. */
  @Test
  void theRunnerRestatesNoServicePort() throws IOException {
    Pattern literal = Pattern.compile("\\b1?808[1-9]\\b");
    try (Stream<Path> files = Files.walk(HOME.resolve("local/src/main/java"))) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        assertThat(literal.matcher(Files.readString(file)).find())
            .as(
                HOME.relativize(file)
                    + " restates a service port; read services.tsv (ServiceTable)")
            .isFalse();
      }
    }
  }

  /**
   * The bench derives each service's port from the table plus one offset, and its ports stay clear
   * of a running {@code make run} (port + replica × 10000).
   */
  @Test
  void theBenchPortsComeFromTheTableAndMissMakeRun() throws IOException {
    String bench = read("bench/bench.sh");
    assertThat(bench).contains("services.tsv");
    Matcher offset = Pattern.compile("(?m)^BENCH_PORT_OFFSET=(\\d+)$").matcher(bench);
    assertThat(offset.find()).as("bench.sh sets BENCH_PORT_OFFSET").isTrue();
    int shift = Integer.parseInt(offset.group(1));
    List<Integer> hints = new ArrayList<>();
    Matcher literal = Pattern.compile("free_port (\\d+)\\)").matcher(bench);
    while (literal.find()) {
      hints.add(Integer.parseInt(literal.group(1)));
    }
    Matcher derived =
        Pattern.compile(
                "free_port \\$\\(\\(\\$\\(table_port ([a-z-]+)\\) \\+ BENCH_PORT_OFFSET\\)\\)")
            .matcher(bench);
    int services = 0;
    while (derived.find()) {
      hints.add(row(derived.group(1)).port() + shift);
      services++;
    }
    assertThat(services)
        .as("bench.sh services whose port comes from the table")
        .isGreaterThanOrEqualTo(5);
    for (int hint : hints) {
      for (Row row : http()) {
        for (int replica = 0; replica < Math.max(row.run(), 2); replica++) {
          int taken = row.port() + replica * 10000;
          assertThat(taken >= hint && taken <= hint + 100)
              .as(
                  "bench.sh's free_port "
                      + hint
                      + "..+100 covers make run's "
                      + row.name()
                      + " port "
                      + taken)
              .isFalse();
        }
      }
    }
  }

  private static List<Row> http() {
    return ROWS.stream().filter(Row::http).toList();
  }

  private static Row row(String name) {
    return ROWS.stream()
        .filter(r -> r.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("services.tsv has no row " + name));
  }

  private static List<Integer> numbers(String yaml, String key) {
    Matcher m = Pattern.compile("(?m)^\\s*(?:- )?" + key + ": (\\d+)\\s*$").matcher(yaml);
    List<Integer> result = new ArrayList<>();
    while (m.find()) {
      result.add(Integer.parseInt(m.group(1)));
    }
    return result;
  }

  private static String read(String path) throws IOException {
    return Files.readString(HOME.resolve(path));
  }

  private static List<Row> load() {
    List<Row> rows = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(HOME.resolve("services.tsv"))) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] c = line.split("\t");
        assertThat(c).as("services.tsv row " + line).hasSize(7);
        rows.add(
            new Row(
                c[0],
                c[1],
                Integer.parseInt(c[2]),
                c[3],
                c[4],
                Integer.parseInt(c[5]),
                Integer.parseInt(c[6])));
      }
    } catch (IOException e) {
      throw new AssertionError("services.tsv is missing", e);
    }
    return rows;
  }
}
