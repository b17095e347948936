package dev.day2.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** deploy/k8s/overlays/{env} rendered by {@code kubectl kustomize} (a real process), once. */
final class Overlays {
  private static final Map<String, List<JsonNode>> CACHE = new ConcurrentHashMap<>();

  private Overlays() {}

  static List<JsonNode> render(String env) {
    return CACHE.computeIfAbsent(env, Overlays::run);
  }

  static List<JsonNode> ofKind(String env, String kind) {
    return render(env).stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
  }

  private static List<JsonNode> run(String env) {
    Path dir = Synth.HOME.resolve("deploy/k8s/overlays/" + env);
    try {
      Path out = Files.createTempFile(Path.of("target"), "kustomize", ".yaml");
      Process process =
          new ProcessBuilder("kubectl", "kustomize", dir.toString())
              .redirectOutput(out.toFile())
              .redirectErrorStream(false)
              .start();
      if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new AssertionError(
            "kubectl kustomize "
                + dir
                + " failed: "
                + new String(process.getErrorStream().readAllBytes()));
      }
      List<JsonNode> objects = new ArrayList<>();
      var parser = new YAMLFactory().createParser(out.toFile());
      var it = new ObjectMapper().readValues(parser, JsonNode.class);
      while (it.hasNext()) {
        JsonNode node = it.next();
        if (node != null && !node.isNull()) {
          objects.add(node);
        }
      }
      Files.delete(out);
      return objects;
    } catch (IOException e) {
      throw new AssertionError("cannot run kubectl (is it installed?): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
