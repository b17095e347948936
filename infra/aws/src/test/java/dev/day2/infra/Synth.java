package dev.day2.infra;

import java.nio.file.Path;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

/**
 * The app built and each stage synthesised once per test JVM (synth is the slow part), shared by
 * every test class. Context comes from the real cdk.json.
 */
final class Synth {
  static final Path HOME = Path.of(System.getProperty("day2.home", "../..")).toAbsolutePath();

  private static Map<String, Day2Stage> stages;

  private Synth() {}

  static synchronized Day2Stage stage(String env) {
    if (stages == null) {
      App app =
          new App(
              AppProps.builder()
                  .context(CdkJson.context(Path.of("cdk.json")))
                  .outdir("target/cdk.out-test")
                  .build());
      stages = Day2App.build(app);
    }
    Day2Stage stage = stages.get(env);
    stage.synth(); // cached by the stage: Template.fromStack reuses this assembly
    return stage;
  }
}
