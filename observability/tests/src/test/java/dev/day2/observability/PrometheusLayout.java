package dev.day2.observability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The folder layout prometheus.yml expects, as every topology builds it: the config and its {@code
 * rules/} beside a {@code targets/<job>/} folder per job (docs/adr/0050).
 */
final class PrometheusLayout {
  private static final Pattern TARGET_FOLDER = Pattern.compile("targets/([a-z-]+)/\\*\\.json");

  private PrometheusLayout() {}

  /** Links the shipped prometheus.yml and rules/ into {@code dir}; returns the config's path. */
  static Path link(Path dir) throws IOException {
    Path config = dir.resolve("prometheus.yml");
    Files.createSymbolicLink(config, Repo.prometheus().resolve("prometheus.yml"));
    Files.createSymbolicLink(dir.resolve("rules"), Repo.prometheus().resolve("rules"));
    return config;
  }

  /** The job folders under targets/ that a config reads. */
  static List<String> targetFolders(Path config) throws IOException {
    Matcher m = TARGET_FOLDER.matcher(Files.readString(config));
    return m.results().map(r -> r.group(1)).distinct().toList();
  }
}
