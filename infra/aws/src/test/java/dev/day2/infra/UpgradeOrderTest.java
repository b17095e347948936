package dev.day2.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.cdk.lambdalayer.kubectl.v32.KubectlV32Layer;

/**
 * A Kubernetes upgrade is one environment's cdk.json at a time, dev, then staging, then prod
 * (docs/upgrades.md): the app refuses an environment newer than the one before it, a kube-proxy
 * add-on of another minor than its cluster's, and a cluster the CDK's kubectl layer cannot manage,
 * each with one line naming the key, before anything is synthesised.
 */
class UpgradeOrderTest {

  @SuppressWarnings("unchecked")
  private static Map<String, Object> context(String env, Consumer<Map<String, Object>> edit) {
    Map<String, Object> context = new HashMap<>(CdkJson.context(Path.of("cdk.json")));
    Map<String, Object> envs =
        new HashMap<>((Map<String, Object>) context.get(EnvConfig.CONTEXT_KEY));
    Map<String, Object> one = new HashMap<>((Map<String, Object>) envs.get(env));
    edit.accept(one);
    envs.put(env, one);
    context.put(EnvConfig.CONTEXT_KEY, envs);
    return context;
  }

  /** An environment moved to Kubernetes {@code version}, its kube-proxy add-on with it. */
  @SuppressWarnings("unchecked")
  private static Consumer<Map<String, Object>> upgradedTo(String version) {
    return env -> {
      env.put("kubernetesVersion", version);
      Map<String, Object> addons = new HashMap<>((Map<String, Object>) env.get("eksAddons"));
      addons.put("kube-proxy", "v" + version + ".0-eksbuild.1");
      env.put("eksAddons", addons);
    };
  }

  /** Builds the stages of {@code env} (and reads its neighbours), as `cdk synth -c env=` does. */
  private static void build(String env, Map<String, Object> context) {
    Map<String, Object> withEnv = new HashMap<>(context);
    withEnv.put("env", env);
    withEnv.put(Day2App.ALLOW_CONTEXT, "true");
    Day2App.build(
        new App(AppProps.builder().context(withEnv).outdir("target/cdk.out-upgrade").build()));
  }

  @Test
  void cdkJsonKeepsTheOrderDevStagingProd() {
    int dev = Synth.stage("dev").config().kubernetesMinor();
    int staging = Synth.stage("staging").config().kubernetesMinor();
    int prod = Synth.stage("prod").config().kubernetesMinor();
    assertThat(dev).isGreaterThanOrEqualTo(staging);
    assertThat(staging).isGreaterThanOrEqualTo(prod);
  }

  @Test
  void prodNewerThanStagingIsRefused() {
    // staging taken back to 1.32 leaves prod (1.33) ahead of it.
    Map<String, Object> context = context("staging", upgradedTo("1.32"));
    assertThatThrownBy(() -> build("prod", context))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "cdk.json context day2:environments.prod.kubernetesVersion: 1.33 is newer than"
                + " staging's 1.32; upgrade staging first (dev, then staging, then prod)");
    // Building staging alone reads prod as its next environment: refused the same way.
    assertThatThrownBy(() -> build("staging", context))
        .hasMessageContaining("prod.kubernetesVersion: 1.33 is newer than staging's 1.32");
  }

  @Test
  @SuppressWarnings("unchecked")
  void devAheadOfStagingIsTheFirstStepOfAnUpgrade() {
    // cdk.json's three are at 1.33, the kubectl layer's last: staging and prod taken back to 1.32
    // put dev one minor ahead, as the first commit of an upgrade does.
    Map<String, Object> context = context("staging", upgradedTo("1.32"));
    Map<String, Object> envs = (Map<String, Object>) context.get(EnvConfig.CONTEXT_KEY);
    Map<String, Object> prod = new HashMap<>((Map<String, Object>) envs.get("prod"));
    upgradedTo("1.32").accept(prod);
    envs.put("prod", prod);
    EnvConfig dev = EnvConfig.from("dev", envs);
    EnvConfig staging = EnvConfig.from("staging", envs);
    EnvConfig prodConfig = EnvConfig.from("prod", envs);
    assertThatCode(() -> EnvConfig.checkUpgradeOrder(dev, staging)).doesNotThrowAnyException();
    assertThatCode(() -> EnvConfig.checkUpgradeOrder(staging, prodConfig))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> EnvConfig.checkUpgradeOrder(staging, dev))
        .hasMessageContaining("dev.kubernetesVersion: 1.33 is newer than staging's 1.32");
  }

  @Test
  void aKubeProxyOfAnotherMinorIsRefused() {
    assertThatThrownBy(() ->
            EnvConfig.from(
                "dev",
                context("dev", env -> env.put("kubernetesVersion", "1.32"))
                    .get(EnvConfig.CONTEXT_KEY)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "cdk.json context day2:environments.dev.eksAddons.kube-proxy: v1.33.")
        .hasMessageEndingWith(
            "is not a build for Kubernetes 1.32 (kube-proxy's version is the cluster's minor)");
  }

  @Test
  void aClusterPastTheKubectlLayerIsRefused() {
    assertThatThrownBy(() ->
            EnvConfig.from("dev", context("dev", upgradedTo("1.34")).get(EnvConfig.CONTEXT_KEY)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "cdk.json context day2:environments.dev.kubernetesVersion: 1.34 is past what the"
                + " CDK's kubectl layer (v32) can manage, 1.33: take a newer layer first"
                + " (docs/upgrades.md, step 0)");
  }

  @Test
  void theLayerMinorIsTheLayerTheClusterRuns() {
    assertThat(KubectlV32Layer.class.getSimpleName())
        .isEqualTo("KubectlV" + EksCluster.KUBECTL_LAYER_MINOR + "Layer");
  }
}
