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
      refusePlaceholders(app, stages, java.util.Arrays.asList(args).contains(ALLOW_FLAG));
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

  /** The context key (or {@link #ALLOW_FLAG}) that lets synth run on cdk.json's placeholders. */
  public static final String ALLOW_CONTEXT = "day2:allowPlaceholders";

  /** {@code make infra}'s flag: synthesise for review, never to deploy. */
  public static final String ALLOW_FLAG = "--allow-placeholders";

  /**
   * Refuses placeholder values (account ids of one repeated digit, {@code .example} domains or
   * alarm addresses) in the selected environments, so {@code cdk deploy} cannot run on them. {@code
   * -c day2:allowPlaceholders=true} or {@link #ALLOW_FLAG} (what {@code make infra} and the tests
   * use) allows them for review synths.
   *
   * @throws IllegalArgumentException one line naming the environment's first placeholder key
   */
  public static void refusePlaceholders(App app, Map<String, Day2Stage> stages, boolean flag) {
    Object allow = app.getNode().tryGetContext(ALLOW_CONTEXT);
    if (flag || "true".equals(String.valueOf(allow))) {
      return;
    }
    for (Day2Stage stage : stages.values()) {
      List<String> found = stage.config().placeholders();
      if (!found.isEmpty()) {
        String first = found.get(0);
        throw new IllegalArgumentException(
            "cdk.json context "
                + EnvConfig.CONTEXT_KEY
                + "."
                + stage.config().name()
                + "."
                + first.substring(0, first.indexOf('='))
                + ": '"
                + first.substring(first.indexOf('=') + 1)
                + "' is a placeholder; set the real value before deploying (placeholders: "
                + String.join(", ", found)
                + "; -c "
                + ALLOW_CONTEXT
                + "=true synthesises for review only)");
      }
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
      EnvConfig.checkUpgradeOrder(previous, config);
      EnvConfig.checkUpgradeOrder(config, next);
      stages.put(config.name(), new Day2Stage(app, config, previous, next));
    }
    return stages;
  }
}
