package dev.day2.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every overlay renders, and every document parses strictly with the fabric8 model. */
class RenderTest {
  /** Custom resources the model has no class for; their operators validate them in-cluster. */
  static final Set<String> CUSTOM_KINDS =
      Set.of(
          "cert-manager.io/v1 Certificate",
          "cert-manager.io/v1 ClusterIssuer",
          "external-secrets.io/v1 ExternalSecret",
          "external-secrets.io/v1 ClusterSecretStore");

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod", "base"})
  void rendersAndEveryDocumentHasOnlyKnownFields(String overlay) {
    Manifests manifests = Kustomize.overlay(overlay);

    assertThat(manifests.objects()).isNotEmpty();
    for (HasMetadata object : manifests.objects()) {
      String id = object.getApiVersion() + " " + object.getKind();
      if (object instanceof GenericKubernetesResource) {
        assertThat(CUSTOM_KINDS).as("a kind the fabric8 model does not know: " + id).contains(id);
      } else {
        assertThat(StrictModel.unknownFields(object))
            .as("unknown fields (typos?) in %s %s", id, object.getMetadata().getName())
            .isEmpty();
      }
      assertThat(object.getMetadata().getName()).as("name of a " + id).isNotBlank();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void namespacedObjectsAllNameATeamNamespace(String overlay) {
    Manifests manifests = Kustomize.overlay(overlay);
    Set<String> clusterScoped =
        Set.of(
            "Namespace",
            "ClusterIssuer",
            "ClusterSecretStore",
            "ClusterRole",
            "ClusterRoleBinding");
    List<String> namespaces =
        manifests.objects().stream()
            .filter(o -> !clusterScoped.contains(o.getKind()))
            .map(o -> o.getMetadata().getNamespace())
            .distinct()
            .toList();

    // The team namespaces, plus the platform team's monitoring and logging (components).
    assertThat(namespaces)
        .containsOnly("platform", "wrpi", "counter", "preferences", "maps", "monitoring", "logging")
        .doesNotContainNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec: {ports: [{port: 80, tragetPort: 8080}]}",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec:\n  template:\n    spec:\n"
            + "      containers: [{name: x, image: 'x:1', ports: [{contianerPort: 80}]}]"
      })
  void aTypoInAnyFieldIsCaught(String yaml) {
    HasMetadata object = Kustomize.parse(yaml).getFirst();

    assertThat(StrictModel.unknownFields(object)).hasSize(1);
  }
}
