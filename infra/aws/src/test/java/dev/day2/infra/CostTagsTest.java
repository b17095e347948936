package dev.day2.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/**
 * Cost allocation by team: every resource that takes tags carries {@link Contract#TEAM_TAG}, the
 * preferences stack's say {@code preferences}, and each ECR repository its image's team, which is
 * the {@code day2.dev/team} of the namespace that image runs in (the overlays, ADR 0042).
 */
class CostTagsTest {

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  @SuppressWarnings("unchecked")
  void everyTaggableResourceNamesItsTeam(String env) {
    List<String> untagged = new ArrayList<>();
    int tagged = 0;
    for (var child : Synth.stage(env).getNode().getChildren()) {
      if (!(child instanceof Stack stack)) {
        continue;
      }
      String expected = stack.getNode().getId().equals("Preferences") ? "preferences" : "platform";
      Map<String, Map<String, Object>> resources =
          (Map<String, Map<String, Object>>) Template.fromStack(stack).toJSON().get("Resources");
      for (var entry : resources.entrySet()) {
        Map<String, Object> properties =
            (Map<String, Object>) entry.getValue().getOrDefault("Properties", Map.of());
        Object tags = properties.get("Tags");
        if (tags == null) {
          continue; // a type that takes no tags, or takes them under another name
        }
        tagged++;
        String team = team(tags);
        String type = String.valueOf(entry.getValue().get("Type"));
        if (type.equals("AWS::ECR::Repository")) {
          expected(untagged, stack, entry.getKey(), team, imageTeam(properties));
        } else {
          expected(untagged, stack, entry.getKey(), team, expected);
        }
      }
    }
    assertThat(tagged).isGreaterThan(50);
    assertThat(untagged).isEmpty();
  }

  @Test
  void eachImagesTeamOwnsTheNamespaceItRunsIn() {
    Map<String, String> teamOfNamespace = new HashMap<>();
    Map<String, String> found = new HashMap<>();
    for (String env : EnvConfig.ENVIRONMENTS) {
      for (JsonNode ns : Overlays.ofKind(env, "Namespace")) {
        teamOfNamespace.put(
            ns.path("metadata").path("name").asText(),
            ns.path("metadata").path("labels").path("day2.dev/team").asText());
      }
      for (JsonNode object : Overlays.render(env)) {
        for (JsonNode container : object.findValues("containers")) {
          for (JsonNode c : container) {
            String image = c.path("image").asText();
            int at = image.indexOf("/day2/");
            if (at < 0) {
              continue;
            }
            String name = image.substring(at + "/day2/".length()).split("[@:]")[0];
            found.put(
                name, teamOfNamespace.get(object.path("metadata").path("namespace").asText()));
          }
        }
      }
    }
    for (String image : Contract.IMAGES) {
      assertThat(found).as("an overlay runs day2/%s", image).containsKey(image);
      assertThat(Contract.IMAGE_TEAMS.get(image))
          .as("the team of day2/%s", image)
          .isEqualTo(found.get(image));
    }
  }

  private static void expected(
      List<String> wrong, Stack stack, String id, String actual, String expected) {
    if (!expected.equals(actual)) {
      wrong.add(stack.getStackName() + "/" + id + ": " + actual + ", expected " + expected);
    }
  }

  private static String imageTeam(Map<String, Object> repository) {
    String name = String.valueOf(repository.get("RepositoryName"));
    return Contract.IMAGE_TEAMS.get(name.substring(Contract.PREFIX.length()));
  }

  @SuppressWarnings("unchecked")
  private static String team(Object tags) {
    if (tags instanceof List<?> list) {
      for (Object tag : list) {
        Map<String, Object> t = (Map<String, Object>) tag;
        if (Contract.TEAM_TAG.equals(t.get("Key"))) {
          return String.valueOf(t.get("Value"));
        }
      }
      return null;
    }
    if (tags instanceof Map<?, ?> map) {
      Object value = map.get(Contract.TEAM_TAG);
      return value == null ? null : String.valueOf(value);
    }
    return null;
  }
}
