package dev.day2.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.assertions.Template;

/** Reads roles and their inline statements out of a synthesised template. */
final class Iam {
  /** Logical id of the GitHub OIDC provider in the registry stack. */
  static final String OIDC = "GithubProviderFA799421";

  private Iam() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> role(Template template, String roleName) {
    var matches =
        template
            .findResources("AWS::IAM::Role", Map.of("Properties", Map.of("RoleName", roleName)))
            .values();
    assertThat(matches).as("role " + roleName).hasSize(1);
    return (Map<String, Object>)
        ((Map<String, Object>) matches.iterator().next()).get("Properties");
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> trust(Map<String, Object> role) {
    return (List<Map<String, Object>>)
        ((Map<String, Object>) role.get("AssumeRolePolicyDocument")).get("Statement");
  }

  /** The statements of the role's inline policies (all of them, in order). */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> statements(Map<String, Object> role) {
    List<Map<String, Object>> policies =
        (List<Map<String, Object>>) role.getOrDefault("Policies", List.of());
    return policies.stream()
        .flatMap(p ->
            ((List<Map<String, Object>>)
                    ((Map<String, Object>) p.get("PolicyDocument")).get("Statement"))
                .stream())
        .toList();
  }

  /** The one role whose description starts with {@code prefix} (Pod Identity roles are unnamed). */
  @SuppressWarnings("unchecked")
  static Map<String, Object> roleByDescription(Template template, String prefix) {
    var matches =
        template.findResources("AWS::IAM::Role").values().stream()
            .map(r -> (Map<String, Object>) ((Map<String, Object>) r).get("Properties"))
            .filter(p -> String.valueOf(p.get("Description")).startsWith(prefix))
            .toList();
    assertThat(matches).as("role described " + prefix).hasSize(1);
    return matches.get(0);
  }
}
