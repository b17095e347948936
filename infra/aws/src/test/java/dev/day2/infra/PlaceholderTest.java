package dev.day2.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

/**
 * cdk.json ships placeholders (account ids of one repeated digit, {@code .example} domains): the
 * app refuses them unless told the synth is for review, and add-on versions must all be pinned.
 * Builds only the dev stage (from a copy of cdk.json's context) to stay fast.
 */
class PlaceholderTest {

  @SuppressWarnings("unchecked")
  private static Map<String, Object> context(
      java.util.function.Consumer<Map<String, Object>> edit) {
    Map<String, Object> context = new HashMap<>(CdkJson.context(Path.of("cdk.json")));
    Map<String, Object> envs =
        new HashMap<>((Map<String, Object>) context.get(EnvConfig.CONTEXT_KEY));
    Map<String, Object> dev = new HashMap<>((Map<String, Object>) envs.get("dev"));
    edit.accept(dev);
    envs.put("dev", dev);
    context.put(EnvConfig.CONTEXT_KEY, envs);
    return context;
  }

  private static EnvConfig dev(Map<String, Object> context) {
    return EnvConfig.from("dev", context.get(EnvConfig.CONTEXT_KEY));
  }

  @Test
  void cdkJsonShipsOnlyPlaceholderAccountsDomainsAndAddresses() {
    for (String env : EnvConfig.ENVIRONMENTS) {
      assertThat(Synth.stage(env).config().placeholders())
          .containsExactly(
              "account=" + Synth.stage(env).config().account(),
              "domain=day2.example",
              "alarmEmail=platform-alerts@day2.example",
              "alarmSlackWorkspaceId=T00000000",
              "alarmSlackChannelId=C00000000");
    }
  }

  @Test
  void slackIdsComeAsAPairOrNotAtAll() {
    assertThatThrownBy(() -> dev(context(d -> d.put("alarmSlackChannelId", ""))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("alarmSlackChannelId")
        .hasMessageContaining("set both Slack ids");
    EnvConfig mailOnly =
        dev(
            context(d -> {
              d.put("alarmSlackWorkspaceId", "");
              d.put("alarmSlackChannelId", "");
            }));
    assertThat(mailOnly.alarmsToSlack()).isFalse();
    assertThat(mailOnly.placeholders()).noneMatch(p -> p.startsWith("alarmSlack"));
  }

  @Test
  void theAppRefusesPlaceholdersUnlessTheSynthIsForReview() {
    App app =
        new App(
            AppProps.builder()
                .context(CdkJson.context(Path.of("cdk.json")))
                .outdir("target/cdk.out-placeholders")
                .build());
    Map<String, Day2Stage> stages = Map.of("prod", Synth.stage("prod"));
    assertThatThrownBy(() -> Day2App.refusePlaceholders(app, stages, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "cdk.json context day2:environments.prod.account: '333333333333' is a placeholder")
        .hasMessageNotContaining("\n");
    assertThatCode(() -> Day2App.refusePlaceholders(app, stages, true)).doesNotThrowAnyException();

    App review =
        new App(
            AppProps.builder()
                .context(Map.of(Day2App.ALLOW_CONTEXT, "true"))
                .outdir("target/cdk.out-placeholders")
                .build());
    assertThatCode(() -> Day2App.refusePlaceholders(review, stages, false))
        .doesNotThrowAnyException();
  }

  @Test
  void realValuesAreNoPlaceholders() {
    EnvConfig real =
        dev(
            context(dev -> {
              dev.put("account", "123456789012");
              dev.put("domain", "day2.dev");
              dev.put("alarmEmail", "ops@day2.dev");
              dev.put("alarmSlackWorkspaceId", "T01ABCDEF23");
              dev.put("alarmSlackChannelId", "C04GHIJKL56");
            }));
    assertThat(real.placeholders()).isEmpty();
    assertThat(real.alarmsToSlack()).isTrue();
  }

  @Test
  void everyAddonMustBePinned() {
    assertThatThrownBy(() ->
            dev(
                context(dev -> {
                  Map<String, Object> addons =
                      new HashMap<>((Map<String, Object>) dev.get("eksAddons"));
                  addons.remove("coredns");
                  dev.put("eksAddons", addons);
                })))
        .hasMessage(
            "cdk.json context day2:environments.dev.eksAddons.coredns: missing (every add-on's"
                + " version is pinned)");
    assertThatThrownBy(() ->
            dev(
                context(dev -> {
                  Map<String, Object> addons =
                      new HashMap<>((Map<String, Object>) dev.get("eksAddons"));
                  addons.put("vpc-cni", "latest");
                  dev.put("eksAddons", addons);
                })))
        .hasMessageStartingWith(
            "cdk.json context day2:environments.dev.eksAddons.vpc-cni: 'latest' is not a pinned");
    assertThatThrownBy(() ->
            dev(
                context(dev -> {
                  Map<String, Object> addons =
                      new HashMap<>((Map<String, Object>) dev.get("eksAddons"));
                  addons.put("aws-guardduty-agent", "v1.0.0-eksbuild.1");
                  dev.put("eksAddons", addons);
                })))
        .hasMessageStartingWith(
            "cdk.json context day2:environments.dev.eksAddons.aws-guardduty-agent: unknown add-on");
    assertThat(List.copyOf(Synth.stage("dev").config().eksAddons().keySet()))
        .containsExactlyInAnyOrderElementsOf(EnvConfig.EKS_ADDONS);
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyHelmChartMustBePinned() {
    java.util.function.Function<java.util.function.Consumer<Map<String, Object>>, EnvConfig>
        withCharts =
            edit ->
                dev(
                    context(dev -> {
                      Map<String, Object> charts =
                          new HashMap<>((Map<String, Object>) dev.get("helmCharts"));
                      edit.accept(charts);
                      dev.put("helmCharts", charts);
                    }));
    assertThatThrownBy(() -> withCharts.apply(c -> c.remove("cluster-autoscaler")))
        .hasMessage(
            "cdk.json context day2:environments.dev.helmCharts.cluster-autoscaler: missing (every"
                + " chart's version is pinned)");
    assertThatThrownBy(() -> withCharts.apply(c -> c.put("external-secrets", "0.19.x")))
        .hasMessageStartingWith(
            "cdk.json context day2:environments.dev.helmCharts.external-secrets: '0.19.x' is not"
                + " a pinned chart version");
    assertThatThrownBy(() -> withCharts.apply(c -> c.put("karpenter", "1.0.0")))
        .hasMessageStartingWith(
            "cdk.json context day2:environments.dev.helmCharts.karpenter: unknown chart");
    assertThat(withCharts.apply(c -> c.put("external-secrets", "0.20.0")).helmCharts())
        .containsEntry("external-secrets", "0.20.0");
  }

  @Test
  void anInstanceClassOfUnknownMemoryIsRefusedNamingTheKey() {
    // The connection alarm's threshold comes from the class's memory (Postgres.memoryGiB).
    assertThatThrownBy(() -> dev(context(d -> d.put("postgresInstanceType", "x9z.huge"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("postgresInstanceType")
        .hasMessageContaining("x9z.huge")
        .hasMessageNotContaining("\n");
    assertThatCode(() -> dev(context(d -> d.put("postgresInstanceType", "r7g.xlarge"))))
        .doesNotThrowAnyException();
    assertThat(Postgres.memoryGiB("r7g.xlarge")).isEqualTo(32);
    assertThat(Postgres.memoryGiB("m7g.small")).isZero();
  }
}
