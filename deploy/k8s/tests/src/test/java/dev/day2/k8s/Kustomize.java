package dev.day2.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Renders a kustomization with {@code kubectl kustomize} (a real process) and parses the output.
 */
final class Kustomize {
  static final Path HOME = Path.of(System.getProperty("day2.home", "../../..")).toAbsolutePath();
  static final Path K8S = HOME.resolve("deploy/k8s");
  static final List<String> OVERLAYS = List.of("dev", "staging", "prod");
  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private static final Map<String, Manifests> CACHE = new ConcurrentHashMap<>();

  private Kustomize() {}

  /** The rendered overlay (or any directory under deploy/k8s), parsed; rendered once per run. */
  static Manifests overlay(String name) {
    String dir = OVERLAYS.contains(name) ? "overlays/" + name : name;
    return CACHE.computeIfAbsent(dir, d -> Manifests.of(name, parse(render(K8S.resolve(d)))));
  }

  static String render(Path dir) {
    try {
      Path out = Files.createTempFile("kustomize", ".yaml");
      Path err = Files.createTempFile("kustomize", ".err");
      try {
        Process process =
            new ProcessBuilder("kubectl", "kustomize", dir.toString())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new AssertionError("kubectl kustomize " + dir + " did not finish in 120 s");
        }
        if (process.exitValue() != 0) {
          throw new AssertionError(
              "kubectl kustomize " + dir + " failed: " + Files.readString(err).strip());
        }
        return Files.readString(out, StandardCharsets.UTF_8);
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new AssertionError("cannot run kubectl (is it installed?): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** One object per YAML document (kubectl separates them with a line "---"). */
  static List<HasMetadata> parse(String yaml) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String doc : yaml.split("(?m)^---$")) {
      if (!doc.isBlank()) {
        objects.add(SERIALIZATION.<HasMetadata>unmarshal(doc));
      }
    }
    return objects;
  }
}
