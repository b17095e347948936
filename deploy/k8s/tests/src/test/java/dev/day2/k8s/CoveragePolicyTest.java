package dev.day2.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.day2.k8s.Manifests.Workload;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Nothing is left uncovered: PDBs, NetworkPolicies, quotas, autoscalers, secrets. */
class CoveragePolicyTest {
  /** Env names that hold secrets: their value must come from a Secret, never inline. */
  static final Pattern SECRET_NAME = Pattern.compile(".*(PASS|PASSWORD|SECRET|TOKEN|API_KEY)$");

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void everyDeploymentIsCoveredByAPodDisruptionBudget(String overlay) {
    Manifests m = Kustomize.overlay(overlay);
    for (Deployment d : m.all(Deployment.class)) {
      var labels = d.getSpec().getTemplate().getMetadata().getLabels();
      assertThat(m.all(PodDisruptionBudget.class))
          .as("a PDB for Deployment " + d.getMetadata().getName())
          .anyMatch(pdb ->
              sameNamespace(pdb, d) && Manifests.selects(pdb.getSpec().getSelector(), labels));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void everyWorkloadIsCoveredByItsOwnNetworkPolicyAndADefaultDeny(String overlay) {
    Manifests m = Kustomize.overlay(overlay);
    List<NetworkPolicy> policies = m.all(NetworkPolicy.class);
    for (Workload w : m.workloads()) {
      assertThat(policies)
          .as("a default-deny policy in namespace " + w.namespace())
          .anyMatch(p ->
              p.getMetadata().getNamespace().equals(w.namespace())
                  && isEmpty(p.getSpec().getPodSelector().getMatchLabels())
                  && p.getSpec().getPolicyTypes().containsAll(List.of("Ingress", "Egress"))
                  && isEmpty(p.getSpec().getIngress())
                  && isEmpty(p.getSpec().getEgress()));
      assertThat(policies)
          .as("a NetworkPolicy selecting " + w.id())
          .anyMatch(p ->
              p.getMetadata().getNamespace().equals(w.namespace())
                  && !isEmpty(p.getSpec().getPodSelector().getMatchLabels())
                  && Manifests.selects(p.getSpec().getPodSelector(), w.podLabels()));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void everyApiDeploymentAutoscalesFromAtLeastTwoReplicas(String overlay) {
    Manifests m = Kustomize.overlay(overlay);
    for (String api : WorkloadPolicyTest.APIS.keySet()) {
      HorizontalPodAutoscaler hpa =
          m.all(HorizontalPodAutoscaler.class).stream()
              .filter(h -> h.getSpec().getScaleTargetRef().getName().equals(api))
              .findFirst()
              .orElseThrow(() -> new AssertionError(overlay + ": no HPA for " + api));
      assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
      assertThat(hpa.getSpec().getMinReplicas()).as(api).isGreaterThanOrEqualTo(2);
      assertThat(hpa.getSpec().getMaxReplicas())
          .as(api)
          .isGreaterThan(hpa.getSpec().getMinReplicas());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void everyTeamNamespaceHasAQuotaLimitsAndRoleBindings(String overlay) {
    Manifests m = Kustomize.overlay(overlay);
    Set<String> used = new HashSet<>();
    m.workloads().forEach(w -> used.add(w.namespace()));
    for (String ns : used) {
      Namespace namespace = m.find(Namespace.class, null, ns).orElse(null);
      assertThat(namespace).as("Namespace " + ns).isNotNull();
      // monitoring and logging belong to the platform team: day2.dev/team names the owner.
      String team = namespace.getMetadata().getLabels().get("day2.dev/team");
      assertThat(team).as("day2.dev/team of " + ns).isNotBlank();
      assertThat(m.all(ResourceQuota.class))
          .anyMatch(q -> q.getMetadata().getNamespace().equals(ns));
      assertThat(m.all(LimitRange.class)).anyMatch(l -> l.getMetadata().getNamespace().equals(ns));
      assertThat(m.all(RoleBinding.class))
          .filteredOn(b -> b.getMetadata().getNamespace().equals(ns))
          .extracting(b -> b.getSubjects().getFirst().getName())
          .contains("day2:team:" + team, "day2:team:platform");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void noSecretValueIsInline(String overlay) {
    Manifests m = Kustomize.overlay(overlay);
    assertThat(m.all(Secret.class)).as("Secrets rendered into git-tracked output").isEmpty();
    for (ConfigMap cm : m.all(ConfigMap.class)) {
      assertThat(Objects.requireNonNullElse(cm.getData(), Map.<String, String>of()).keySet())
          .as("ConfigMap " + cm.getMetadata().getName())
          .noneMatch(k -> SECRET_NAME.matcher(k).matches());
    }
    for (Workload w : m.workloads()) {
      for (Container c : w.containers()) {
        if (c.getEnv() == null) {
          continue;
        }
        c.getEnv().stream()
            .filter(e -> SECRET_NAME.matcher(e.getName()).matches())
            .forEach(e ->
                assertThat(e.getValueFrom())
                    .as(w.id() + " " + e.getName() + " must come from a Secret")
                    .isNotNull());
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"staging", "prod"})
  void everySecretAPodReadsComesFromAnExternalSecret(String overlay) {
    Manifests m = Kustomize.overlay(overlay);
    Set<String> external = new HashSet<>();
    for (GenericKubernetesResource r : m.all(GenericKubernetesResource.class)) {
      if (r.getKind().equals("ExternalSecret")) {
        Map<?, ?> target =
            (Map<?, ?>) ((Map<?, ?>) r.getAdditionalProperties().get("spec")).get("target");
        external.add(r.getMetadata().getNamespace() + "/" + target.get("name"));
      }
    }
    assertThat(secretsRead(m)).isNotEmpty().isSubsetOf(external);
  }

  @Test
  void devDocumentsEverySecretItReads() throws IOException {
    String script = Files.readString(Kustomize.K8S.resolve("overlays/dev/create-secrets.sh"));
    for (String secret : secretsRead(Kustomize.overlay("dev"))) {
      String[] nsName = secret.split("/");
      assertThat(script).contains("secret " + nsName[0] + " " + nsName[1] + " ");
    }
  }

  /** namespace/name of every Secret a pod reads (env secretKeyRef or a secret volume). */
  static Set<String> secretsRead(Manifests m) {
    Set<String> names = new HashSet<>();
    for (Workload w : m.workloads()) {
      for (Container c : w.containers()) {
        if (c.getEnv() != null) {
          c.getEnv().stream()
              .filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
              .forEach(e ->
                  names.add(w.namespace() + "/" + e.getValueFrom().getSecretKeyRef().getName()));
        }
      }
      if (w.template().getSpec().getVolumes() != null) {
        w.template().getSpec().getVolumes().stream()
            .filter(v -> v.getSecret() != null)
            .filter(v -> !v.getSecret().getSecretName().equals("edge-tls")) // cert-manager's
            .forEach(v -> names.add(w.namespace() + "/" + v.getSecret().getSecretName()));
      }
    }
    return names;
  }

  private static boolean sameNamespace(
      io.fabric8.kubernetes.api.model.HasMetadata a,
      io.fabric8.kubernetes.api.model.HasMetadata b) {
    return Objects.equals(a.getMetadata().getNamespace(), b.getMetadata().getNamespace());
  }

  private static boolean isEmpty(Map<String, String> map) {
    return map == null || map.isEmpty();
  }

  private static boolean isEmpty(List<?> list) {
    return list == null || list.isEmpty();
  }
}
