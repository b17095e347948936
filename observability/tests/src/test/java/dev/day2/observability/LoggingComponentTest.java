package dev.day2.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/k8s/components/logging as {@code kubectl kustomize} renders it: Fluent Bit on every node
 * with the shipped config, shipping the Day2 namespaces to the Loki it deploys, hardened like every
 * other workload. (No Fluent Bit or Loki binary exists here: the manifests and configs are checked
 * by rendering and parsing.)
 */
class LoggingComponentTest {
  static List<JsonNode> objects;

  @BeforeAll
  static void render(@TempDir Path dir) throws Exception {
    Path overlay = Files.createDirectories(dir.resolve("overlay"));
    Path component = Repo.root().resolve("deploy/k8s/components/logging");
    Files.writeString(
        overlay.resolve("kustomization.yaml"),
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\ncomponents:\n  - "
            + overlay.relativize(component)
            + "\n");
    Command render = Command.run(dir, "kubectl", "kustomize", overlay.toString());
    assertThat(render.exitCode()).as("%s", render).isZero();
    objects = new ArrayList<>();
    try (MappingIterator<JsonNode> docs =
        Alerts.YAML.readerFor(JsonNode.class).readValues(render.output())) {
      docs.forEachRemaining(objects::add);
    }
  }

  @Test
  void shipsTheFluentBitAndLokiConfigsUnchanged() throws Exception {
    Path logging = Repo.observability().resolve("logging");
    assertThat(configMap("fluent-bit-config").path("data").path("fluent-bit.conf").asText())
        .isEqualTo(Files.readString(logging.resolve("fluent-bit.conf")));
    assertThat(configMap("loki-config").path("data").path("loki.yaml").asText())
        .isEqualTo(Files.readString(logging.resolve("loki.yaml")));
  }

  @Test
  void runsFluentBitOnEveryNodeReadingHostLogsReadOnly() {
    JsonNode pod = object("DaemonSet", "fluent-bit").path("spec").path("template").path("spec");
    assertThat(pod.path("tolerations").get(0).path("operator").asText()).isEqualTo("Exists");
    JsonNode container = pod.path("containers").get(0);
    assertThat(container.path("volumeMounts"))
        .anyMatch(
            m -> m.path("mountPath").asText().equals("/var/log") && m.path("readOnly").asBoolean());
    assertThat(pod.path("volumes"))
        .anyMatch(v -> v.path("configMap").path("name").asText().startsWith("fluent-bit-config-"));
  }

  @Test
  void shipsToTheLokiServiceItDeploys() {
    JsonNode service = object("Service", "loki");
    JsonNode env =
        object("DaemonSet", "fluent-bit")
            .path("spec")
            .path("template")
            .path("spec")
            .path("containers")
            .get(0)
            .path("env");
    assertThat(value(env, "LOKI_HOST"))
        .isEqualTo("loki." + service.path("metadata").path("namespace").asText() + ".svc");
    assertThat(value(env, "LOKI_PORT"))
        .isEqualTo(service.path("spec").path("ports").get(0).path("port").asText());
  }

  @Test
  void tailsEveryDay2Namespace() throws Exception {
    String config = Files.readString(Repo.observability().resolve("logging/fluent-bit.conf"));
    for (String namespace : day2Namespaces()) {
      assertThat(config).as(namespace).contains("/var/log/containers/*_" + namespace + "_*.log");
    }
  }

  @Test
  void hardensEveryWorkloadLikeTheServices() {
    for (JsonNode workload : objects) {
      String kind = workload.path("kind").asText();
      if (!kind.equals("DaemonSet") && !kind.equals("StatefulSet")) {
        continue;
      }
      JsonNode pod = workload.path("spec").path("template").path("spec");
      String id = kind + "/" + workload.path("metadata").path("name").asText();
      assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).as(id).isTrue();
      for (JsonNode c : pod.path("containers")) {
        JsonNode security = c.path("securityContext");
        assertThat(security.path("readOnlyRootFilesystem").asBoolean()).as(id).isTrue();
        assertThat(security.path("allowPrivilegeEscalation").asBoolean(true)).as(id).isFalse();
        assertThat(security.path("capabilities").path("drop").toString()).as(id).contains("ALL");
        assertThat(c.path("resources").path("limits").has("memory")).as(id).isTrue();
        assertThat(c.path("readinessProbe").isMissingNode()).as(id).isFalse();
        assertThat(c.path("livenessProbe").isMissingNode()).as(id).isFalse();
      }
    }
  }

  private static List<String> day2Namespaces() throws Exception {
    Pattern name = Pattern.compile("kind: Namespace\\s*\\nmetadata:\\s*\\n\\s+name: ([a-z-]+)");
    List<String> namespaces = new ArrayList<>();
    try (Stream<Path> files = Files.list(Repo.root().resolve("deploy/k8s/base/namespaces"))) {
      for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
        name.matcher(Files.readString(file)).results().forEach(m -> namespaces.add(m.group(1)));
      }
    }
    assertThat(namespaces).isNotEmpty();
    return namespaces;
  }

  private static String value(JsonNode env, String name) {
    for (JsonNode e : env) {
      if (e.path("name").asText().equals(name)) {
        return e.path("value").asText();
      }
    }
    return null;
  }

  private static JsonNode object(String kind, String name) {
    return objects.stream()
        .filter(o -> o.path("kind").asText().equals(kind))
        .filter(o -> o.path("metadata").path("name").asText().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + "/" + name));
  }

  private static JsonNode configMap(String prefix) {
    return objects.stream()
        .filter(o -> o.path("kind").asText().equals("ConfigMap"))
        .filter(o -> o.path("metadata").path("name").asText().startsWith(prefix + "-"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no ConfigMap " + prefix));
  }
}
