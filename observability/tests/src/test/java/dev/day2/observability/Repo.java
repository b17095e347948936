package dev.day2.observability;

import java.nio.file.Path;

/** Paths of the shipped observability files, in the repository the build runs in. */
final class Repo {
  private Repo() {}

  static Path root() {
    return Path.of(System.getProperty("day2.home", "../..")).toAbsolutePath().normalize();
  }

  static Path observability() {
    return root().resolve("observability");
  }

  static Path prometheus() {
    return observability().resolve("prometheus");
  }

  static Path runbooks() {
    return root().resolve("docs/runbooks");
  }

  static Path dashboards() {
    return observability().resolve("grafana/dashboards");
  }
}
