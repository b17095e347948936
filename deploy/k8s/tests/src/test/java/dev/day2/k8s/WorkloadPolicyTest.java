package dev.day2.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.day2.k8s.Manifests.Workload;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every pod of every overlay is hardened, sized and probed. */
class WorkloadPolicyTest {
  /** The HTTP port of each Day2 API; their probes must use Quarkus' health endpoints. */
  static final Map<String, Integer> APIS =
      Map.of(
          "hello",
          8081,
          "wrpi-api",
          8082,
          "counter",
          8083,
          "preferences",
          8084,
          "tiles",
          8085,
          "portal",
          8086);

  /** The one workload allowed a hostPath volume (read-only): the node's log shipper. */
  static final String LOG_SHIPPER = "DaemonSet logging/fluent-bit";

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void everyContainerHasRequestsAndLimits(String overlay) {
    for (Workload w : Kustomize.overlay(overlay).workloads()) {
      for (Container c : w.containers()) {
        var resources = c.getResources();
        assertThat(resources).as(w.id()).isNotNull();
        assertThat(resources.getRequests()).as(w.id() + " requests").containsKeys("cpu", "memory");
        assertThat(resources.getLimits()).as(w.id() + " limits").containsKeys("cpu", "memory");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void everyPodIsHardened(String overlay) {
    Manifests m = Kustomize.overlay(overlay);
    Set<String> granted = grantedServiceAccounts(m);
    for (Workload w : m.workloads()) {
      PodSpec pod = w.template().getSpec();
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(w.id() + " runAsNonRoot").isTrue();
      assertThat(pod.getSecurityContext().getRunAsUser()).as(w.id() + " runAsUser").isPositive();
      assertThat(pod.getSecurityContext().getSeccompProfile().getType())
          .as(w.id() + " seccomp")
          .isEqualTo("RuntimeDefault");
      if (!granted.contains(
          "ServiceAccount/" + w.namespace() + "/" + pod.getServiceAccountName())) {
        assertThat(pod.getAutomountServiceAccountToken()).as(w.id() + " token").isFalse();
      }
      // The namespaces enforce the "restricted" Pod Security Standard: nothing from the host.
      assertThat(pod.getHostNetwork()).as(w.id() + " hostNetwork").isNotEqualTo(Boolean.TRUE);
      assertThat(pod.getHostPID()).as(w.id() + " hostPID").isNotEqualTo(Boolean.TRUE);
      assertThat(pod.getHostIPC()).as(w.id() + " hostIPC").isNotEqualTo(Boolean.TRUE);
      if (!w.id().equals(LOG_SHIPPER)) {
        assertThat(pod.getVolumes())
            .as(w.id() + " hostPath volumes (refused by the restricted standard)")
            .noneMatch(v -> v.getHostPath() != null);
      }
      for (Container c : w.containers()) {
        var sc = c.getSecurityContext();
        String id = w.id() + " container " + c.getName();
        assertThat(sc).as(id).isNotNull();
        assertThat(sc.getAllowPrivilegeEscalation()).as(id + " privilege escalation").isFalse();
        assertThat(sc.getReadOnlyRootFilesystem()).as(id + " read-only root").isTrue();
        assertThat(sc.getPrivileged()).as(id + " privileged").isNotEqualTo(Boolean.TRUE);
        assertThat(sc.getCapabilities().getDrop()).as(id + " drop").containsExactly("ALL");
        assertThat(sc.getCapabilities().getAdd()).as(id + " add").isNullOrEmpty();
      }
    }
  }

  /**
   * The one exception to "nothing from the host": Fluent Bit reads the node's container logs, in
   * the `logging` namespace, the only one that does not enforce "restricted" (its README).
   */
  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void onlyTheLogShipperMountsTheHostAndOnlyReadOnlyInItsPrivilegedNamespace(String overlay) {
    Manifests m = Kustomize.overlay(overlay);
    List<String> hostMounting =
        m.workloads().stream()
            .filter(w -> w.template().getSpec().getVolumes() != null)
            .filter(w ->
                w.template().getSpec().getVolumes().stream().anyMatch(v -> v.getHostPath() != null))
            .map(Workload::id)
            .toList();
    assertThat(hostMounting).containsExactly(LOG_SHIPPER);

    Workload shipper = m.workload("logging", "fluent-bit");
    Set<String> hostVolumes = new HashSet<>();
    shipper.template().getSpec().getVolumes().stream()
        .filter(v -> v.getHostPath() != null)
        .forEach(v -> hostVolumes.add(v.getName()));
    for (Container c : shipper.containers()) {
      c.getVolumeMounts().stream()
          .filter(mount -> hostVolumes.contains(mount.getName()))
          .forEach(mount ->
              assertThat(mount.getReadOnly()).as("host mount " + mount.getMountPath()).isTrue());
    }
    assertThat(m.find(Namespace.class, null, "logging").orElseThrow().getMetadata().getLabels())
        .containsEntry("pod-security.kubernetes.io/enforce", "privileged");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void everyOtherNamespaceEnforcesTheRestrictedPodSecurityStandard(String overlay) {
    List<Namespace> namespaces = Kustomize.overlay(overlay).all(Namespace.class);
    assertThat(namespaces).extracting(n -> n.getMetadata().getName()).contains("logging");
    for (Namespace ns : namespaces) {
      if (!ns.getMetadata().getName().equals("logging")) {
        assertThat(ns.getMetadata().getLabels())
            .as(ns.getMetadata().getName())
            .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void serviceAccountsMountATokenOnlyWhenTheyAreGrantedARole(String overlay) {
    Manifests m = Kustomize.overlay(overlay);
    Set<String> granted = grantedServiceAccounts(m);

    assertThat(m.all(ServiceAccount.class)).isNotEmpty();
    for (ServiceAccount sa : m.all(ServiceAccount.class)) {
      String id =
          "ServiceAccount/" + sa.getMetadata().getNamespace() + "/" + sa.getMetadata().getName();
      if (!granted.contains(id)) {
        assertThat(sa.getAutomountServiceAccountToken()).as(id + " (no role: no token)").isFalse();
      }
    }
  }

  /** "ServiceAccount/namespace/name" of every subject a RoleBinding or ClusterRoleBinding names. */
  private static Set<String> grantedServiceAccounts(Manifests m) {
    Set<String> granted = new HashSet<>();
    m.all(RoleBinding.class).forEach(b -> b.getSubjects().forEach(s -> granted.add(subject(s))));
    m.all(ClusterRoleBinding.class)
        .forEach(b -> b.getSubjects().forEach(s -> granted.add(subject(s))));
    return granted;
  }

  private static String subject(Subject s) {
    return s.getKind() + "/" + s.getNamespace() + "/" + s.getName();
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void apisProbeQuarkusHealthEndpoints(String overlay) {
    var deployments = Kustomize.overlay(overlay).all(Deployment.class);
    for (var entry : APIS.entrySet()) {
      Deployment d =
          deployments.stream()
              .filter(x -> x.getMetadata().getName().equals(entry.getKey()))
              .findFirst()
              .orElseThrow(() -> new AssertionError(overlay + ": no Deployment " + entry.getKey()));
      Container c = d.getSpec().getTemplate().getSpec().getContainers().getFirst();
      assertThat(path(c.getLivenessProbe())).as(entry.getKey()).isEqualTo("/q/health/live");
      assertThat(path(c.getReadinessProbe())).as(entry.getKey()).isEqualTo("/q/health/ready");
      assertThat(path(c.getStartupProbe())).as(entry.getKey()).isEqualTo("/q/health/started");
      assertThat(c.getPorts().getFirst().getContainerPort()).isEqualTo(entry.getValue());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void everyDeploymentHasLivenessAndReadinessProbes(String overlay) {
    for (Deployment d : Kustomize.overlay(overlay).all(Deployment.class)) {
      for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
        assertThat(c.getLivenessProbe()).as(d.getMetadata().getName() + " liveness").isNotNull();
        assertThat(c.getReadinessProbe()).as(d.getMetadata().getName() + " readiness").isNotNull();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void everyImageIsPinnedToAReleaseTag(String overlay) {
    for (Workload w : Kustomize.overlay(overlay).workloads()) {
      for (Container c : w.containers()) {
        String image = c.getImage();
        String tag = image.contains("@") ? "digest" : image.replaceFirst("^.*/[^:]*:?", "");
        assertThat(tag).as(w.id() + " image " + image + " has a tag").isNotEmpty();
        assertThat(tag).as(w.id() + " image " + image).isNotEqualTo("latest");
        assertThat(tag)
            .as(w.id() + ": the overlay's release/ names no tag for " + image)
            .doesNotContain("unreleased");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void replicatedDeploymentsSpreadAcrossZones(String overlay) {
    for (Deployment d : Kustomize.overlay(overlay).all(Deployment.class)) {
      if (d.getSpec().getReplicas() < 2) {
        continue;
      }
      assertThat(d.getSpec().getTemplate().getSpec().getTopologySpreadConstraints())
          .as(d.getMetadata().getName())
          .anySatisfy(t -> {
            assertThat(t.getTopologyKey()).isEqualTo("topology.kubernetes.io/zone");
            assertThat(t.getLabelSelector().getMatchLabels())
                .isEqualTo(d.getSpec().getSelector().getMatchLabels());
          });
    }
  }

  private static String path(Probe probe) {
    assertThat(probe).isNotNull();
    assertThat(probe.getHttpGet()).as("an HTTP probe").isNotNull();
    return probe.getHttpGet().getPath();
  }
}
