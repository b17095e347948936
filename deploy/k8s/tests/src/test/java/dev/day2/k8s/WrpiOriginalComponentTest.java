package dev.day2.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * components/wrpi-original on top of every overlay: the backend team's own images run where Day2's
 * wrpi-api and wrpi-updater ran, wired the same way, and the result passes the same render and
 * workload policies as the overlays themselves. Not applied: {@code
 * apisProbeQuarkusHealthEndpoints} (the original has no /q/health; its probes are TCP, asserted
 * here) and {@code everyImageIsPinnedToAReleaseTag} (ghcr.io publishes the originals only as {@code
 * latest}; the component README says how to pin the digest before a real deploy).
 */
class WrpiOriginalComponentTest {
  static final Path DIR = Kustomize.K8S.resolve("tests/target/wrpi-original");
  static final String API_IMAGE = "ghcr.io/wayhomeuk/random-price-index-service/api";
  static final String UPDATER_IMAGE = "ghcr.io/wayhomeuk/random-price-index-service/updater";

  /** overlays/ENV + the component, as an operator would list it after {@code release}. */
  @BeforeAll
  static void writeKustomizations() throws IOException {
    for (String env : Kustomize.OVERLAYS) {
      Files.createDirectories(DIR.resolve(env));
      Files.writeString(
          DIR.resolve(env).resolve("kustomization.yaml"),
          """
          apiVersion: kustomize.config.k8s.io/v1beta1
          kind: Kustomization
          resources:
            - ../../../../overlays/%s
          components:
            - ../../../../components/wrpi-original
          """
              .formatted(env));
    }
  }

  static String with(String env) {
    return "tests/target/wrpi-original/" + env;
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void passesTheOverlaysRenderAndWorkloadPolicies(String env) {
    String dir = with(env);
    var render = new RenderTest();
    render.rendersAndEveryDocumentHasOnlyKnownFields(dir);
    render.namespacedObjectsAllNameATeamNamespace(dir);
    var policy = new WorkloadPolicyTest();
    policy.everyContainerHasRequestsAndLimits(dir);
    policy.everyPodIsHardened(dir);
    policy.everyOtherNamespaceEnforcesTheRestrictedPodSecurityStandard(dir);
    policy.serviceAccountsMountATokenOnlyWhenTheyAreGrantedARole(dir);
    policy.everyDeploymentHasLivenessAndReadinessProbes(dir);
    policy.replicatedDeploymentsSpreadAcrossZones(dir);
    var coverage = new CoveragePolicyTest();
    coverage.everyDeploymentIsCoveredByAPodDisruptionBudget(dir);
    coverage.everyWorkloadIsCoveredByItsOwnNetworkPolicyAndADefaultDeny(dir);
    coverage.noSecretValueIsInline(dir);
    var shape = new ReleaseShapeTest();
    shape.wrpiApiAndUpdaterUseTheSameRedisDatabase(dir);
    shape.wrpiUpdaterRunsOncePerMinuteWithoutOverlap(dir);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void runsTheProvidedImagesWithTheSameSecretsAndRedisDbOne(String env) {
    Manifests day2 = Kustomize.overlay(env);
    Manifests original = Kustomize.overlay(with(env));
    Container api = container(original.find(Deployment.class, "wrpi", "wrpi-api").orElseThrow());
    Container updater =
        container(original.find(CronJob.class, "wrpi", "wrpi-updater").orElseThrow());

    assertThat(api.getImage()).startsWith(API_IMAGE + ":");
    assertThat(updater.getImage()).startsWith(UPDATER_IMAGE + ":");
    for (String name : List.of("wrpi-api", "wrpi-updater")) {
      var w = original.workload("wrpi", name);
      assertThat(original.environment(w, w.containers().getFirst()))
          .as(name)
          .containsEntry("REDIS_DB", "1")
          .containsKey("REDIS_PASS");
      var before = day2.workload("wrpi", name);
      assertThat(w.containers().getFirst().getEnv())
          .as(name + ": the same Secret references as Day2's")
          .isEqualTo(before.containers().getFirst().getEnv());
    }
    assertThat(api.getEnv())
        .anyMatch(e ->
            e.getName().equals("APP_PASSWORD")
                && e.getValueFrom().getSecretKeyRef().getName().equals("wrpi-api"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void apiIsProbedOnItsOwnPortAndTheEdgeMayReachIt(String env) {
    Manifests m = Kustomize.overlay(with(env));
    Deployment deployment = m.find(Deployment.class, "wrpi", "wrpi-api").orElseThrow();
    Container api = container(deployment);

    assertThat(api.getPorts())
        .singleElement()
        .satisfies(p -> {
          assertThat(p.getName()).isEqualTo("http");
          assertThat(p.getContainerPort())
              .isEqualTo(8080); // aiohttp's default: api.py web.run_app(app)
        });
    for (Probe probe :
        List.of(api.getStartupProbe(), api.getLivenessProbe(), api.getReadinessProbe())) {
      assertThat(probe.getHttpGet()).as("no /q/health in the original").isNull();
      assertThat(probe.getTcpSocket().getPort().getStrVal()).isEqualTo("http");
    }
    NetworkPolicy own = m.find(NetworkPolicy.class, "wrpi", "wrpi-api").orElseThrow();
    assertThat(own.getSpec().getIngress())
        .singleElement()
        .satisfies(r -> assertThat(r.getPorts().getFirst().getPort().getIntVal()).isEqualTo(8080));
    NetworkPolicy edge = m.find(NetworkPolicy.class, "platform", "edge").orElseThrow();
    assertThat(edge.getSpec().getEgress())
        .filteredOn(r ->
            r.getTo()
                .getFirst()
                .getPodSelector()
                .getMatchLabels()
                .get("app.kubernetes.io/name")
                .equals("wrpi-api"))
        .singleElement()
        .satisfies(r -> assertThat(r.getPorts().getFirst().getPort().getIntVal()).isEqualTo(8080));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void changesNothingButTheWrpiPairAndTheirPolicies(String env) {
    List<String> changed =
        Kustomize.overlay(env).objects().stream()
            .filter(o -> !Kustomize.overlay(with(env)).objects().contains(o))
            .map(WrpiOriginalComponentTest::id)
            .toList();

    assertThat(changed)
        .allMatch(
            id ->
                id.startsWith("ConfigMap wrpi/wrpi-redis")
                    || List.of(
                            "Deployment wrpi/wrpi-api",
                            "CronJob wrpi/wrpi-updater",
                            "NetworkPolicy wrpi/wrpi-api",
                            "NetworkPolicy platform/edge")
                        .contains(id),
            "changed: " + changed);
  }

  private static String id(HasMetadata o) {
    return o.getKind() + " " + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
  }

  private static Container container(Deployment d) {
    return d.getSpec().getTemplate().getSpec().getContainers().getFirst();
  }

  private static Container container(CronJob c) {
    return c.getSpec()
        .getJobTemplate()
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .getFirst();
  }
}
