package dev.day2.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/**
 * Every CloudWatch alarm of every stack names its runbook ({@link Runbooks#cite}), and that runbook
 * exists, is titled after its file and names the alarm: "every alert has a runbook", for the AWS
 * alarms as for the Prometheus ones ({@code AlertCoverageTest}).
 */
class AlarmRunbooksTest {
  private static final Pattern CITE =
      Pattern.compile("\\(runbook: (" + Pattern.quote(Runbooks.DIR) + "([A-Za-z]+)\\.md)\\)$");

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  @SuppressWarnings("unchecked")
  void everyAlarmNamesARunbookThatDescribesIt(String env) throws Exception {
    List<String> problems = new ArrayList<>();
    int alarms = 0;
    List<Stack> stacks =
        Synth.stage(env).getNode().getChildren().stream()
            .filter(Stack.class::isInstance)
            .map(Stack.class::cast)
            .toList();
    assertThat(stacks).hasSizeGreaterThan(5);
    for (Stack stack : stacks) {
      Map<String, Map<String, Object>> found =
          Template.fromStack(stack).findResources("AWS::CloudWatch::Alarm");
      for (var entry : found.entrySet()) {
        alarms++;
        String id = stack.getStackName() + "/" + entry.getKey();
        Map<String, Object> properties = (Map<String, Object>) entry.getValue().get("Properties");
        String description = String.valueOf(properties.get("AlarmDescription"));
        Matcher cite = CITE.matcher(description);
        if (!cite.find()) {
          problems.add(id + ": no runbook in its description: " + description);
          continue;
        }
        Path runbook = Synth.HOME.resolve(cite.group(1));
        if (!Files.exists(runbook)) {
          problems.add(id + ": " + cite.group(1) + " does not exist");
          continue;
        }
        String text = Files.readString(runbook);
        if (!text.startsWith("# " + cite.group(2) + "\n")) {
          problems.add(id + ": " + cite.group(1) + " is not titled # " + cite.group(2));
        }
        // A named alarm by its name (day2-<env>-...), the others by their construct id.
        String name =
            properties.containsKey("AlarmName")
                ? String.valueOf(properties.get("AlarmName"))
                    .replace("day2-" + env + "-", "day2-<env>-")
                : constructId(entry.getKey());
        if (!text.contains(name)) {
          problems.add(id + ": " + cite.group(1) + " never names the alarm " + name);
        }
      }
    }
    assertThat(alarms).as("%s: alarms found", env).isGreaterThan(10);
    assertThat(problems).isEmpty();
  }

  /**
   * The alarm's construct id from its logical id: "PlatformAlarmsRdsCpuD59B9E14" → "RdsCpu",
   * "AlarmsServerErrorRate9B9E2EC5" → "ServerErrorRate", "PlatformAlarmsNatErrors1CBA6C8B0" →
   * "NatErrors" (the alarms a loop numbers are named NatErrors&lt;n&gt; in their runbook).
   */
  static String constructId(String logicalId) {
    String withoutHash = logicalId.replaceAll("[0-9A-F]{8}$", "");
    String id = withoutHash.replaceFirst("^(PlatformAlarms|Alarms|RedisSnapshotExport)", "");
    return id.replaceAll("\\d+$", "");
  }
}
