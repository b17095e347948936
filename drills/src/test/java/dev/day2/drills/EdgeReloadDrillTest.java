package dev.day2.drills;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The drill's config change is valid HAProxy config and adds exactly one hello server. */
class EdgeReloadDrillTest {
  private static final Path ROOT = Path.of(System.getProperty("day2.home", ".."));

  @Test
  void addsAThirdServerToTheHelloBackend() throws Exception {
    String original = Files.readString(ROOT.resolve("deploy/edge/haproxy.cfg"));
    String changed = EdgeReloadDrill.withThirdHelloServer(original);
    assertThat(changed)
        .contains(
            "server r2 \"${HELLO_R2-hello-2:8081}\"\n"
                + "    server r3 \"${HELLO_R2-hello-2:8081}\"\n");
    assertThat(changed.length() - original.length())
        .isEqualTo(
            EdgeReloadDrill.SCALED_OUT.length() - EdgeReloadDrill.HELLO_LAST_SERVER.length());
  }

  @Test
  void theShippedConfigAlreadyFallsBackToTheTilesReplicas() throws Exception {
    assertThat(Files.readString(ROOT.resolve("deploy/edge/haproxy.cfg")))
        .contains(
            "server cache \"${TILES_CACHE-cache:6081}\"\n"
                + "    server r1 \"${TILES_R1-tiles-1:8085}\" backup\n"
                + "    server r2 \"${TILES_R2-tiles-2:8085}\" backup\n");
  }

  @Test
  void theChangedConfigPassesHaproxyCheck(@TempDir Path dir) throws Exception {
    Path cfg = dir.resolve("haproxy.cfg");
    Files.writeString(
        cfg,
        EdgeReloadDrill.withThirdHelloServer(
            Files.readString(ROOT.resolve("deploy/edge/haproxy.cfg"))));
    // haproxy -c opens the certificate: make one as the edge does
    Path certs = dir.resolve("certs");
    Shell.run(
        java.util.Map.of(), ROOT.resolve("scripts/edge-cert.sh").toString(), certs.toString());
    String out =
        Shell.run(
            java.util.Map.of(
                "EDGE_CERT", certs.resolve("edge.pem").toString(),
                "TILES_R1", "127.0.0.1:8085",
                "TILES_R2", "127.0.0.1:18085"),
            List.of("haproxy", "-c", "-f", cfg.toString()));
    assertThat(out).contains("Configuration file is valid");
  }
}
