package dev.day2.infra.preferences;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real preferences Lambda archive, {@code services/preferences/lambda/target/function.zip},
 * which both functions deploy. Synth never invents a placeholder: without the archive it stops with
 * one line saying how to build it.
 */
public final class FunctionArchive {
  public static final String RELATIVE = "services/preferences/lambda/target/function.zip";

  private FunctionArchive() {}

  /** The archive under the repository root {@code home}. */
  public static Path locate(Path home) {
    Path zip = home.resolve(RELATIVE).toAbsolutePath().normalize();
    if (!Files.isRegularFile(zip)) {
      throw new IllegalArgumentException(
          zip
              + " is missing: build it first with ./mvnw -B package -DskipTests -pl"
              + " services/preferences/lambda -am");
    }
    return zip;
  }

  /**
   * The repository root: system property {@code day2.home} (the tests), else the working directory
   * two levels up (cdk runs the app in infra/aws).
   */
  public static Path home() {
    String home = System.getProperty("day2.home");
    return home != null ? Path.of(home) : Path.of("../..");
  }
}
