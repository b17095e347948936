package dev.day2.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code make run} on a fresh clone builds the jars it lacks with the repository's Maven wrapper.
 * Here the wrapper is a stand-in script that records how it was called: with the JDK the runner
 * runs on, whatever the shell's {@code JAVA_HOME} (Debian 12's default {@code java} is 17, and the
 * real wrapper takes it when {@code JAVA_HOME} is unset: "release version 25 not supported").
 */
class BuildsTest {
  @TempDir Path root;

  private static ServiceSpec service(String name, String module) {
    return new ServiceSpec(name, module, 8080, 1, i -> Map.of(), List.of(), Set.of());
  }

  private Path wrapper(int exit) throws IOException {
    Path calls = root.resolve("calls.txt");
    Path mvnw = root.resolve("mvnw");
    Files.writeString(
        mvnw,
        "#!/bin/sh\necho \"JAVA_HOME=$JAVA_HOME args=$*\" >> '" + calls + "'\nexit " + exit + "\n");
    Files.setPosixFilePermissions(mvnw, PosixFilePermissions.fromString("rwxr-xr-x"));
    return calls;
  }

  private static PrintStream console() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }

  @Test
  void theMissingJarsAreBuiltWithTheJdkGivenNotTheShells() throws IOException {
    Path calls = wrapper(0);
    Path built = root.resolve("services/hello/target/quarkus-app/quarkus-run.jar");
    Files.createDirectories(built.getParent());
    Files.writeString(built, "jar");
    Path jdk = root.resolve("jdk-25");

    Builds.buildMissing(
        root,
        List.of(service("hello", "services/hello"), service("counter", "services/counter")),
        console(),
        jdk);

    assertThat(Files.readAllLines(calls))
        .containsExactly(
            "JAVA_HOME="
                + jdk
                + " args=-B -q -DskipTests -Dspotless.check.skip=true package -am -pl"
                + " services/counter");
  }

  @Test
  void theRunnersOwnJdkIsTheDefault() throws IOException {
    Path calls = wrapper(0);
    Builds.buildMissing(root, List.of(service("counter", "services/counter")), console());
    assertThat(Files.readString(calls)).startsWith("JAVA_HOME=" + System.getProperty("java.home"));
  }

  @Test
  void nothingIsBuiltWhenEveryJarIsThere() throws IOException {
    Path calls = wrapper(0);
    Builds.buildMissing(root, List.of(), console(), root.resolve("jdk-25"));
    assertThat(calls).doesNotExist();
  }

  @Test
  void aFailedBuildStopsTheRunWithItsExitCode() throws IOException {
    wrapper(3);
    assertThatThrownBy(() ->
            Builds.buildMissing(
                root, List.of(service("counter", "services/counter")), console(), root))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the build failed (exit 3)");
  }
}
