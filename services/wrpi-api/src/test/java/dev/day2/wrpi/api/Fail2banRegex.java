package dev.day2.wrpi.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Debian's {@code fail2ban-regex} with our filter (deploy/host/fail2ban) on a log file. */
final class Fail2banRegex {
  static final Path FILTER = Path.of("../../deploy/host/fail2ban/filter.d/wrpi-api.conf");
  private static final Path COMMON = Path.of("/etc/fail2ban/filter.d/common.conf");

  private Fail2banRegex() {}

  /** The host of every line the filter matched, in order (one entry per matched line). */
  static List<String> matchedHosts(Path log, Path workDir)
      throws IOException, InterruptedException {
    Path filters = Files.createDirectories(workDir.resolve("fail2ban/filter.d"));
    Files.copy(FILTER, filters.resolve("wrpi-api.conf"));
    Files.copy(COMMON, filters.resolve("common.conf"));
    Process run =
        new ProcessBuilder(
                "fail2ban-regex",
                "-o",
                "ip",
                "-c",
                filters.getParent().toString(),
                log.toString(),
                "wrpi-api")
            .redirectErrorStream(true)
            .start();
    String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!run.waitFor(60, TimeUnit.SECONDS) || run.exitValue() != 0) {
      throw new AssertionError("fail2ban-regex failed: " + output);
    }
    return output.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
  }
}
