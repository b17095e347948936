package dev.day2.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The macOS Brewfile and the dev container stay in step with the Linux toolchain: the dev container
 * is built FROM the Debian base image deploy/images makes, installs the tools with
 * scripts/install-tools.sh and the JDK of versions.env, and forwards the services' ports of
 * services.tsv; the Brewfile stands for every binary of install-tools.sh's list or names it as a
 * gap (docs/adr/0099-macos-brewfile-and-dev-container.md). Static checks: the image build needs
 * Adoptium's repository, which this machine cannot reach.
 */
class DevEnvironmentTest {
  static final Path HOME = Kustomize.HOME;

  @Test
  void theDevContainerIsBuiltFromTheVersionsFileAndTheLocalDebianBase() throws IOException {
    String containerfile = read(".devcontainer/Containerfile");
    String infra = read("deploy/images/infra.sh");
    Matcher debian = Pattern.compile("(?m)^DEBIAN_IMAGE=(\\S+)$").matcher(infra);
    assertThat(debian.find()).as("deploy/images/infra.sh names its Debian base image").isTrue();
    assertThat(containerfile)
        .contains("ARG BASE_IMAGE=" + debian.group(1) + "\n")
        .contains("FROM ${BASE_IMAGE}")
        .contains("ARG JDK_MAJOR=" + VersionsTest.VERSIONS.get("JDK_MAJOR") + "\n")
        .contains("\"temurin-${JDK_MAJOR}-jdk\"")
        .contains("COPY versions.env ")
        .contains("RUN /opt/day2/scripts/install-tools.sh");
    assertThat(debian.group(1))
        .as("the base is Debian bookworm, as versions.env says")
        .endsWith(":bookworm");

    JsonNode json = new ObjectMapper().readTree(read(".devcontainer/devcontainer.json"));
    assertThat(json.at("/build/dockerfile").asText()).isEqualTo("Containerfile");
    assertThat(json.at("/build/args/JDK_MAJOR").asText())
        .isEqualTo(VersionsTest.VERSIONS.get("JDK_MAJOR"));
    assertThat(json.at("/build/args/BASE_IMAGE").asText()).isEqualTo(debian.group(1));
    List<Integer> forwarded = new ArrayList<>();
    json.at("/forwardPorts").forEach(port -> forwarded.add(port.asInt()));
    for (ServiceTableTest.Row row : ServiceTableTest.ROWS) {
      if (row.http()) {
        assertThat(forwarded).as("devcontainer.json forwards " + row.name()).contains(row.port());
      }
    }
  }

  @Test
  void theBrewfileStandsForEveryToolOrNamesTheGap() throws IOException {
    Set<String> binaries = new LinkedHashSet<>();
    String script = read("scripts/install-tools.sh");
    String list = script.substring(script.indexOf("TOOLS=("), script.indexOf("\n)\n"));
    Matcher tool = Pattern.compile("(?m)^\\s*\"(\\S+) \\S+\"").matcher(list);
    while (tool.find()) {
      binaries.add(tool.group(1));
    }
    assertThat(binaries).as("install-tools.sh's TOOLS").contains("redis-server", "haproxy");

    Set<String> covered = new LinkedHashSet<>();
    for (String line : read("Brewfile").lines().toList()) {
      int provides = line.indexOf("provides:");
      if (provides >= 0 && !line.contains("\"provides:\"")) {
        covered.add(line.substring(provides + "provides:".length()).strip().split("\\s+")[0]);
      }
      if (line.startsWith("# gap:")) {
        String names = line.substring("# gap:".length()).split("—")[0];
        covered.addAll(List.of(names.strip().split("\\s+")));
      }
    }
    assertThat(covered).as("Brewfile provides: and gap: lines").containsAll(binaries);
  }

  @Test
  void theBrewfilePinsTheVersionsFileMajorsWhereHomebrewCan() throws IOException {
    String brewfile = read("Brewfile");
    assertThat(brewfile)
        .contains("brew \"postgresql@" + VersionsTest.VERSIONS.get("POSTGRES_MAJOR") + "\"")
        .contains("cask \"temurin@" + VersionsTest.VERSIONS.get("JDK_MAJOR") + "\"");
    assertThat(read("scripts/install-tools.sh"))
        .as("install-tools.sh uses the Brewfile on macOS")
        .contains("brew bundle install --file \"$BREWFILE\"");
  }

  private static String read(String path) throws IOException {
    return Files.readString(HOME.resolve(path));
  }
}
