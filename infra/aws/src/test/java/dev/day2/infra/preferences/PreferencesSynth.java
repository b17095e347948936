package dev.day2.infra.preferences;

import dev.day2.infra.CdkJson;
import dev.day2.infra.Day2App;
import dev.day2.infra.Day2Stage;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Template;

/**
 * The real app (cdk.json's context, every stage, the real function.zip), synthesised once per test
 * JVM; the preferences stack of each environment and its template.
 */
final class PreferencesSynth {
  static final Path HOME = Path.of(System.getProperty("day2.home", "../..")).toAbsolutePath();

  private static Map<String, Day2Stage> stages;
  private static final Map<String, Template> TEMPLATES = new java.util.HashMap<>();

  private PreferencesSynth() {}

  static synchronized PreferencesStack stack(String env) {
    if (stages == null) {
      App app =
          new App(
              AppProps.builder()
                  .context(CdkJson.context(Path.of("cdk.json")))
                  .outdir("target/cdk.out-preferences-test")
                  .build());
      stages = Day2App.build(app);
    }
    Day2Stage stage = stages.get(env);
    stage.synth();
    return (PreferencesStack) stage.getNode().findChild("Preferences");
  }

  static synchronized Template template(String env) {
    return TEMPLATES.computeIfAbsent(env, e -> Template.fromStack(stack(e)));
  }
}
