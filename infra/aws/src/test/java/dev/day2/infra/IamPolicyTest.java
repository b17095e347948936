package dev.day2.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/** No statement anywhere allows every action on every resource. */
class IamPolicyTest {

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void noStatementGrantsEverythingOnEverything(String env) {
    List<String> offenders = new ArrayList<>();
    for (var child : Synth.stage(env).getNode().getChildren()) {
      if (child instanceof Stack stack) {
        walk(stack.getStackName(), Template.fromStack(stack).toJSON(), offenders);
      }
    }
    assertThat(offenders).isEmpty();
  }

  @SuppressWarnings("unchecked")
  private static void walk(String where, Object node, List<String> offenders) {
    if (node instanceof Map<?, ?> map) {
      Object action = map.get("Action");
      Object resource = map.get("Resource");
      if (map.containsKey("Effect") && isStar(action) && isStar(resource)) {
        offenders.add(where + ": " + map);
      }
      map.values().forEach(v -> walk(where, v, offenders));
    } else if (node instanceof List<?> list) {
      list.forEach(v -> walk(where, v, offenders));
    }
  }

  private static boolean isStar(Object value) {
    return "*".equals(value) || (value instanceof List<?> list && list.contains("*"));
  }
}
