package dev.day2.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped deploy/edge/haproxy.cfg, checked by the real haproxy binary. */
class EdgeConfigTest {
  static final Path HOME = Path.of(System.getProperty("day2.home"));
  static final Path CONFIG = HOME.resolve("deploy/edge/haproxy.cfg");

  @TempDir Path tmp;

  @Test
  void haproxyAcceptsTheShippedConfig() throws Exception {
    Result check = haproxyCheck(Map.of("EDGE_CERT", cert().toString()));
    assertThat(check.output()).contains("Configuration file is valid");
    assertThat(check.exitCode()).isZero();
  }

  /** Tiles: the cache, and the replicas as backup servers for while it is down (ADR 0103). */
  @Test
  void theTilesBackendFallsBackToTheReplicas() throws Exception {
    String config = Files.readString(CONFIG);
    String tiles = config.substring(config.indexOf("backend tiles\n"));
    tiles = tiles.substring(0, tiles.indexOf("\n\n"));
    assertThat(tiles.lines().map(String::strip).filter(l -> l.startsWith("server ")))
        .containsExactly(
            "server cache \"${TILES_CACHE-cache:6081}\"",
            "server r1 \"${TILES_R1-tiles-1:8085}\" backup",
            "server r2 \"${TILES_R2-tiles-2:8085}\" backup");
  }

  @Test
  void refusesToStartWithoutACertificate() throws Exception {
    Result check = haproxyCheck(Map.of("EDGE_CERT", tmp.resolve("missing.pem").toString()));
    assertThat(check.exitCode()).isNotZero();
  }

  @Test
  void theRunnerSetsEveryVariableTheConfigReads() throws Exception {
    Set<String> read = new TreeSet<>();
    Pattern variable = Pattern.compile("\\$\\{([A-Z0-9_]+)");
    for (String line : Files.readAllLines(CONFIG)) {
      if (line.strip().startsWith("#")) {
        continue;
      }
      Matcher m = variable.matcher(line);
      while (m.find()) {
        read.add(m.group(1));
      }
    }
    assertThat(read).contains("EDGE_CERT", "HELLO_R1", "TILES_CACHE", "TILES_R1", "TILES_R2");
    RunnerConfig config = RunnerConfig.fromEnvironment(HOME, Map.of());
    assertThat(LocalEdge.environment(config, cert()).keySet()).containsAll(read);
  }

  private Path cert() throws Exception {
    Process p =
        new ProcessBuilder(HOME.resolve("scripts/edge-cert.sh").toString(), tmp.toString())
            .redirectErrorStream(true)
            .start();
    assertThat(p.waitFor()).isZero();
    return tmp.resolve("edge.pem");
  }

  record Result(int exitCode, String output) {}

  private static Result haproxyCheck(Map<String, String> env) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(List.of("haproxy", "-c", "-f", CONFIG.toString()))
            .redirectErrorStream(true);
    builder.environment().put("PATH", builder.environment().get("PATH") + ":/usr/sbin:/sbin");
    builder.environment().putAll(env);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(process.waitFor(), output);
  }
}
