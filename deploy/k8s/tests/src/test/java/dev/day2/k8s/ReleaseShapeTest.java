package dev.day2.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.day2.k8s.Manifests.Workload;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shapes the briefs ask for: replica counts, the wrpi pair's database, the CronJob. */
class ReleaseShapeTest {

  @Test
  void prodRunsFiveTilesReplicasBehindOneCache() {
    Manifests prod = Kustomize.overlay("prod");

    assertThat(deployment(prod, "maps", "tiles").getSpec().getReplicas()).isEqualTo(5);
    assertThat(hpa(prod, "maps", "tiles").getSpec().getMinReplicas()).isEqualTo(5);
    assertThat(deployment(prod, "maps", "tiles-cache").getSpec().getReplicas()).isEqualTo(1);
    assertThat(prod.all(HorizontalPodAutoscaler.class))
        .noneMatch(h -> h.getSpec().getScaleTargetRef().getName().equals("tiles-cache"));
  }

  @Test
  void prodRunsEveryOtherApiAndTheEdgeWithAtLeastTwoReplicas() {
    Manifests prod = Kustomize.overlay("prod");
    for (Deployment d : prod.all(Deployment.class)) {
      // monitoring's Deployments are singletons on purpose: a second Pushgateway would hold a
      // different last push, a second exporter would report every series twice.
      if (!Set.of("tiles-cache").contains(d.getMetadata().getName())
          && !d.getMetadata().getNamespace().equals("monitoring")) {
        assertThat(d.getSpec().getReplicas())
            .as(d.getMetadata().getName())
            .isGreaterThanOrEqualTo(2);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void wrpiApiAndUpdaterUseTheSameRedisDatabase(String overlay) {
    Manifests m = Kustomize.overlay(overlay);
    Map<String, String> api = env(m, m.workload("wrpi", "wrpi-api"));
    Map<String, String> updater = env(m, m.workload("wrpi", "wrpi-updater"));

    // Both set it explicitly: their built-in defaults differ (api 0, updater 1).
    assertThat(api).containsKey("REDIS_DB");
    assertThat(updater.get("REDIS_DB")).isEqualTo(api.get("REDIS_DB"));
    assertThat(updater.get("REDIS_HOST")).isEqualTo(api.get("REDIS_HOST")).isNotBlank();
    assertThat(updater.get("REDIS_PORT")).isEqualTo(api.get("REDIS_PORT"));
    assertThat(updater.get("REDIS_PASS")).isEqualTo(api.get("REDIS_PASS"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void wrpiUpdaterRunsOncePerMinuteWithoutOverlap(String overlay) {
    CronJob job =
        Kustomize.overlay(overlay)
            .find(CronJob.class, "wrpi", "wrpi-updater")
            .orElseThrow(() -> new AssertionError("no wrpi-updater CronJob"));
    var spec = job.getSpec();

    assertThat(spec.getSchedule()).isEqualTo("* * * * *");
    assertThat(spec.getConcurrencyPolicy()).isEqualTo("Forbid");
    assertThat(spec.getStartingDeadlineSeconds()).isBetween(1L, 59L);
    assertThat(spec.getSuccessfulJobsHistoryLimit()).isBetween(1, 5);
    assertThat(spec.getFailedJobsHistoryLimit()).isBetween(1, 5);
    assertThat(spec.getSuspend()).isNotEqualTo(Boolean.TRUE);
    var jobSpec = spec.getJobTemplate().getSpec();
    assertThat(jobSpec.getBackoffLimit()).isBetween(0, 2);
    assertThat(jobSpec.getActiveDeadlineSeconds()).isLessThan(60L);
    var container = jobSpec.getTemplate().getSpec().getContainers().getFirst();
    assertThat(container.getArgs()).as("the scheduler is Kubernetes: no --loop").isNullOrEmpty();
    assertThat(container.getCommand()).isNullOrEmpty();
  }

  @Test
  void preferencesMigrationsRunOnlyWhenThePipelineAsks() {
    Manifests prod = Kustomize.overlay("prod");
    CronJob migrate = prod.find(CronJob.class, "preferences", "preferences-migrate").orElseThrow();

    assertThat(migrate.getSpec().getSuspend()).isTrue();
    var container =
        migrate
            .getSpec()
            .getJobTemplate()
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .getFirst();
    assertThat(container.getArgs()).containsExactly("migrate");
    assertThat(container.getImage())
        .isEqualTo(
            deployment(prod, "preferences", "preferences")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst()
                .getImage());
    assertThat(env(prod, prod.workload("preferences", "preferences")))
        .containsEntry("DB_MIGRATE_AT_START", "false");
  }

  @ParameterizedTest
  @ValueSource(strings = {"staging", "prod"})
  void managedClustersUseTheManagedDataStores(String overlay) {
    Manifests m = Kustomize.overlay(overlay);

    assertThat(m.workloads()).extracting(Workload::name).doesNotContain("redis", "postgres");
    // ElastiCache's certificate names its own endpoint, so the host comes from the secret
    // infra/aws writes (day2/redis-endpoint), over TLS (ADR 0063).
    assertThat(env(m, m.workload("wrpi", "wrpi-api")))
        .containsEntry("REDIS_HOST", "secret:redis-auth/REDIS_HOST")
        .containsEntry("REDIS_TLS", "true");
    assertThat(env(m, m.workload("preferences", "preferences")))
        .containsEntry("DB_HOST", "postgres.day2.internal");
  }

  private static Map<String, String> env(Manifests m, Workload w) {
    return m.environment(w, w.containers().getFirst());
  }

  private static Deployment deployment(Manifests m, String ns, String name) {
    return m.find(Deployment.class, ns, name).orElseThrow(() -> new AssertionError("no " + name));
  }

  private static HorizontalPodAutoscaler hpa(Manifests m, String ns, String name) {
    return m.find(HorizontalPodAutoscaler.class, ns, name)
        .orElseThrow(() -> new AssertionError("no HPA " + name));
  }
}
