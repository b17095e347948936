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
 * is built FROM Debian bookworm (the registry's image; deploy/images' debootstrap one offline),
 * installs the tools with scripts/install-tools.sh and the JDK of versions.env, and forwards the
 * services' ports of services.tsv; the Brewfile stands for every binary of install-tools.sh's list
 * or names it as a gap (docs/adr/0099-macos-brewfile-and-dev-container.md). Static checks; {@code
 * make test-images} builds the image (with the build's JDK standing in for the Adoptium stage, ADR
 * 0110) and checks its versions inside (deploy/images/test-devcontainer.sh).
 */
class DevEnvironmentTest {
  static final Path HOME = Kustomize.HOME;

  /** The Debian release versions.env follows (ADR 0090), from the registry. */
  static final String DEBIAN = "docker.io/library/debian:bookworm";

  @Test
  void theDevContainerIsBuiltFromTheVersionsFileAndDebianBookworm() throws IOException {
    String containerfile = read(".devcontainer/Containerfile");
    String infra = read("deploy/images/infra.sh");
    Matcher debian = Pattern.compile("(?m)^DEBIAN_IMAGE=(\\S+)$").matcher(infra);
    assertThat(debian.find()).as("deploy/images/infra.sh names its Debian base image").isTrue();
    assertThat(containerfile)
        .contains("ARG BASE_IMAGE=" + DEBIAN + "\n")
        .contains("FROM ${BASE_IMAGE}")
        .contains("ARG JDK_MAJOR=" + VersionsTest.VERSIONS.get("JDK_MAJOR") + "\n")
        .contains("\"temurin-${JDK_MAJOR}-jdk\"")
        .contains("FROM scratch AS jdk\n")
        .contains("COPY --from=jdk / /opt/java/openjdk/")
        .contains("COPY versions.env ")
        .contains("&& DAY2_TOOLS_NO_KUBECTL=1 /opt/day2/scripts/install-tools.sh")
        .contains("RUN /opt/day2/scripts/install-tools.sh")
        .contains("COPY scripts/check-versions.sh ");
    // The packages' layer does not see versions.env: a pin that moves (Renovate, weekly) rebuilds
    // only the kubectl layer after it, not every package (~5 minutes of CI).
    int packages = containerfile.indexOf("DAY2_TOOLS_NO_KUBECTL=1");
    int versions = containerfile.indexOf("COPY versions.env ");
    assertThat(packages).as("the packages' layer comes first").isLessThan(versions);
    assertThat(containerfile.indexOf("RUN /opt/day2/scripts/install-tools.sh"))
        .as("kubectl's layer after versions.env")
        .isGreaterThan(versions);
    assertThat(read("deploy/images/test-devcontainer.sh"))
        .as("make test-images builds it, its JDK standing in for the Adoptium stage")
        .contains("--build-context jdk=")
        .contains("BASE_IMAGE=\"$(deploy/images/infra.sh --debian)\"")
        .contains("-f .devcontainer/Containerfile")
        .contains("/opt/day2/scripts/check-versions.sh");
    String ignore = read(".devcontainer/Containerfile.dockerignore");
    Matcher copied = Pattern.compile("(?m)^COPY (?!--from)(.+) \\S+$").matcher(containerfile);
    while (copied.find()) {
      for (String source : copied.group(1).split(" ")) {
        assertThat(ignore)
            .as("Containerfile.dockerignore lets the copied " + source + " into the context")
            .contains("\n!" + source + "\n");
      }
    }
    assertThat(debian.group(1))
        .as("the local stand-in for the registry's base is Debian bookworm too")
        .endsWith(":bookworm");

    JsonNode json = new ObjectMapper().readTree(read(".devcontainer/devcontainer.json"));
    assertThat(json.at("/build/dockerfile").asText()).isEqualTo("Containerfile");
    assertThat(json.at("/build/args/JDK_MAJOR").asText())
        .isEqualTo(VersionsTest.VERSIONS.get("JDK_MAJOR"));
    assertThat(json.at("/build/args/BASE_IMAGE").asText())
        .as("a Mac or Windows user has a registry, not debootstrap")
        .isEqualTo(DEBIAN);
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
