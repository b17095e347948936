package dev.day2.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.day2.k8s.Manifests.Workload;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sample tileset is a dev concern (ADR 0091): only the dev overlay runs the {@code tiles-seed}
 * Job ({@code tileset-builder seed}), hardened like every workload and allowed to reach PostgreSQL
 * and nothing else; no overlay asks the tiles service itself to seed.
 */
class TilesSeedJobTest {
  @Test
  void devSeedsWithAHardenedJobThatReachesOnlyPostgres() {
    Manifests m = Kustomize.overlay("dev");
    Job job = m.find(Job.class, "maps", "tiles-seed").orElseThrow();
    Workload seed = new Workload(job, job.getSpec().getTemplate(), null);
    PodSpec pod = seed.template().getSpec();
    Container c = seed.containers().getFirst();

    assertThat(c.getArgs()).containsExactly("seed");
    // the release pins the builder like every Day2 image (ADR 0092)
    assertThat(c.getImage())
        .isEqualTo(
            "registry.day2.example/day2/tileset-builder@"
                + ReleaseHistoryTest.pinned("dev").get("tileset-builder"));
    assertThat(pod.getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(c.getResources().getLimits()).containsKeys("cpu", "memory");
    assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
    // the same database settings as the service it seeds for
    Map<String, String> env = m.environment(seed, c);
    Workload tiles = m.workload("maps", "tiles");
    Map<String, String> tilesEnv = m.environment(tiles, tiles.containers().getFirst());
    for (String key : new String[] {"DB_HOST", "DB_PORT", "DB_NAME", "DB_USER", "DB_PASSWORD"}) {
      assertThat(env.get(key)).as(key).isNotNull().isEqualTo(tilesEnv.get(key));
    }

    NetworkFlows flows = new NetworkFlows(m);
    assertThat(flows.allows(seed, m.workload("platform", "postgres"), 5432)).isTrue();
    assertThat(flows.allows(seed, m.workload("platform", "redis"), 6379)).isFalse();
    assertThat(flows.allows(seed, tiles, 8085)).isFalse();
    assertThat(flows.allows(tiles, seed, 8085)).isFalse();
  }

  @Test
  @SuppressWarnings("unchecked")
  void composeSeedsOnceBeforeEveryTilesReplicaStarts() {
    Map<String, Object> services = (Map<String, Object>) ComposeTest.COMPOSE.get("services");
    Map<String, Object> seed = (Map<String, Object>) services.get("tiles-seed");
    assertThat(seed.get("command")).isEqualTo(java.util.List.of("seed"));
    assertThat(seed.get("image").toString()).contains("/tileset-builder:");
    Map<String, Object> seedEnv = (Map<String, Object>) seed.get("environment");
    for (int i = 1; i <= 5; i++) {
      Map<String, Object> tiles = (Map<String, Object>) services.get("tiles-" + i);
      assertThat(tiles.get("image").toString()).contains("/tiles:");
      Map<String, Object> dependsOn = (Map<String, Object>) tiles.get("depends_on");
      assertThat(dependsOn.get("tiles-seed"))
          .as("tiles-" + i)
          .isEqualTo(Map.of("condition", "service_completed_successfully"));
      Map<String, Object> env = (Map<String, Object>) tiles.get("environment");
      assertThat(env).doesNotContainKey("TILES_SEED");
      for (String key : new String[] {"DB_HOST", "DB_NAME", "DB_USER", "DB_PASSWORD"}) {
        assertThat(seedEnv.get(key)).as(key).isNotNull().isEqualTo(env.get(key));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void noOverlayAsksTheServiceToSeedAndOnlyDevHasTheJob(String overlay) {
    Manifests m = Kustomize.overlay(overlay);
    for (ConfigMap cm : m.all(ConfigMap.class)) {
      assertThat(Objects.requireNonNullElse(cm.getData(), Map.<String, String>of()))
          .as(cm.getMetadata().getName())
          .doesNotContainKey("TILES_SEED");
    }
    assertThat(m.find(Job.class, "maps", "tiles-seed").isPresent())
        .isEqualTo(overlay.equals("dev"));
  }
}
