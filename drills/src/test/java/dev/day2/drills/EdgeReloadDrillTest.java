package dev.day2.drills;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The drill's config change is valid HAProxy config and adds exactly the two backup servers. */
class EdgeReloadDrillTest {
  private static final Path ROOT = Path.of(System.getProperty("day2.home", ".."));

  @Test
  void addsTheTilesReplicasAsBackupServersBehindTheCache() throws Exception {
    String original = Files.readString(ROOT.resolve("deploy/edge/haproxy.cfg"));
    String changed = EdgeReloadDrill.withTilesFallback(original);
    assertThat(changed)
        .contains(
            "server cache \"${TILES_CACHE-cache:6081}\"\n"
                + "    server r1 \"${TILES_R1-tiles-1:8085}\" backup\n"
                + "    server r2 \"${TILES_R2-tiles-2:8085}\" backup\n");
    assertThat(changed.length() - original.length())
        .isEqualTo(EdgeReloadDrill.FALLBACK.length() - EdgeReloadDrill.CACHE_SERVER.length());
  }

  @Test
  void theChangedConfigPassesHaproxyCheck(@TempDir Path dir) throws Exception {
    Path cfg = dir.resolve("haproxy.cfg");
    Files.writeString(
        cfg,
        EdgeReloadDrill.withTilesFallback(
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
