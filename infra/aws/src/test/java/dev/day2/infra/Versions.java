package dev.day2.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's versions.env, which sets the version of every external component once. */
public final class Versions {
  private Versions() {}

  /** RDS runs the PostgreSQL major every other topology runs: versions.env's POSTGRES_MAJOR. */
  public static String postgresMajor() {
    try {
      return Files.readAllLines(Path.of("../../versions.env")).stream()
          .filter(line -> line.startsWith("POSTGRES_MAJOR="))
          .map(line -> line.substring("POSTGRES_MAJOR=".length()).strip())
          .findFirst()
          .orElseThrow(() -> new AssertionError("versions.env has no POSTGRES_MAJOR"));
    } catch (IOException e) {
      throw new AssertionError("versions.env is missing", e);
    }
  }
}
