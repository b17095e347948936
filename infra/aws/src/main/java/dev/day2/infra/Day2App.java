package dev.day2.infra;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * The CDK app: one {@link Day2Stage} per environment. {@code cdk synth} (or {@code make infra})
 * synthesises every environment; {@code -c env=prod} limits it to one. Deploy one environment's
 * stacks with {@code cdk deploy 'prod/*'}.
 */
public final class Day2App {
  private Day2App() {}

  public static void main(String[] args) {
    AppProps.Builder props = AppProps.builder().context(CdkJson.context(Path.of("cdk.json")));
    if (System.getenv("CDK_OUTDIR") == null) {
      props.outdir("cdk.out");
    }
    App app = new App(props.build());
    Map<String, Day2Stage> stages;
    try {
      stages = build(app);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(2);
      return;
    }
    int errors = 0;
    for (Day2Stage stage : stages.values()) {
      CloudAssembly assembly = stage.synth();
      errors += Findings.errors(assembly).size();
      Findings.errors(assembly).forEach(message -> System.err.println("error: " + message));
    }
    app.synth();
    if (errors > 0) {
      // Without this the app exits 0 and cdk-nag's findings only land in the report files.
      System.err.println(errors + " error(s); see the NagReport files in " + app.getOutdir());
      System.exit(1);
    }
  }

  /** Adds the selected environments' stages to {@code app}: context {@code env}, or all three. */
  public static Map<String, Day2Stage> build(App app) {
    Object environments = app.getNode().tryGetContext(EnvConfig.CONTEXT_KEY);
    Object selected = app.getNode().tryGetContext("env");
    List<String> names =
        selected == null ? EnvConfig.ENVIRONMENTS : List.of(String.valueOf(selected).split(","));
    Map<String, Day2Stage> stages = new LinkedHashMap<>();
    for (String name : names) {
      EnvConfig config = EnvConfig.from(name.strip(), environments);
      // Promotion order dev -> staging -> prod: each environment pulls from the one before.
      int i = EnvConfig.ENVIRONMENTS.indexOf(config.name());
      EnvConfig previous =
          i == 0 ? null : EnvConfig.from(EnvConfig.ENVIRONMENTS.get(i - 1), environments);
      EnvConfig next =
          i == EnvConfig.ENVIRONMENTS.size() - 1
              ? null
              : EnvConfig.from(EnvConfig.ENVIRONMENTS.get(i + 1), environments);
      stages.put(config.name(), new Day2Stage(app, config, previous, next));
    }
    return stages;
  }
}
