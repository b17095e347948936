package dev.day2.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.day2.k8s.Manifests.Workload;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The edge's tiles backend falls back to the tiles replicas while the cache is down (ADR 0103): in
 * every overlay the edge names the tiles Service for TILES_R1/TILES_R2, and the network policies
 * let the edge reach tiles on 8085 (both ends) besides the cache on 6081.
 */
class EdgeTilesFallbackK8sTest {
  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void theEdgeReachesTheTilesReplicasBehindTheCache(String overlay) {
    Manifests m = Kustomize.overlay(overlay);
    Workload edge = m.workload("platform", "edge");
    Map<String, String> env = m.environment(edge, edge.containers().getFirst());
    assertThat(env.get("TILES_CACHE")).isEqualTo("tiles-cache.maps.svc.cluster.local:6081");
    assertThat(env.get("TILES_R1")).isEqualTo("tiles.maps.svc.cluster.local:8085");
    assertThat(env.get("TILES_R2")).isEqualTo("tiles.maps.svc.cluster.local:8085");
    NetworkFlows flows = new NetworkFlows(m);
    Workload tiles = m.workload("maps", "tiles");
    assertThat(flows.allows(edge, m.workload("maps", "tiles-cache"), 6081)).isTrue();
    assertThat(flows.allows(edge, tiles, 8085)).isTrue();
    // nothing else of the edge's reaches tiles' database
    assertThat(flows.allows(edge, tiles, 5432)).isFalse();
  }
}
