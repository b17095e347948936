package dev.day2.local;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds the modules whose packaged jar is missing, so `make run` works from a fresh clone. */
final class Builds {
  private Builds() {}

  /**
   * With the JDK running the runner ({@code make run} starts it with JDK 25), not the shell's: the
   * default {@code java} may be older (17 on Debian 12), and the Maven wrapper would take it when
   * {@code JAVA_HOME} is unset, then fail with "release version 25 not supported".
   */
  static void buildMissing(Path root, List<ServiceSpec> services, PrintStream console)
      throws IOException {
    buildMissing(root, services, console, Path.of(System.getProperty("java.home")));
  }

  static void buildMissing(
      Path root, List<ServiceSpec> services, PrintStream console, Path javaHome)
      throws IOException {
    List<String> missing =
        new ArrayList<>(
            services.stream()
                .filter(s -> !Files.exists(s.jar(root)))
                .map(ServiceSpec::module)
                .distinct()
                .toList());
    if (services.stream().anyMatch(s -> s.name().equals("tiles"))
        && !Files.exists(TilesSeed.jar(root))) {
      missing.add(TilesSeed.MODULE); // tiles' seed job
    }
    if (missing.isEmpty()) {
      return;
    }
    console.println("building " + String.join(", ", missing) + " (first run only) ...");
    List<String> command =
        new ArrayList<>(
            List.of(
                root.resolve("mvnw").toString(),
                "-B",
                "-q",
                "-DskipTests",
                "-Dspotless.check.skip=true",
                "package",
                "-am",
                "-pl",
                String.join(",", missing)));
    ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).inheritIO();
    builder.environment().put("JAVA_HOME", javaHome.toString());
    try {
      int code = builder.start().waitFor();
      if (code != 0) {
        throw new IllegalStateException("the build failed (exit " + code + ")");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while building", e);
    }
  }
}
