package dev.day2.testing.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Debian's {@code fail2ban-regex} with one of our filters (deploy/host/fail2ban/filter.d) on a
 * log file, as the jail would read it.
 */
public final class Fail2banRegex {
  private static final Path COMMON = Path.of("/etc/fail2ban/filter.d/common.conf");

  private Fail2banRegex() {}

  /**
   * The host of every line {@code filter} (a {@code .conf} file) matched in {@code log}, in order
   * (one entry per matched line); its config is laid out in {@code workDir}.
   */
  public static List<String> matchedHosts(Path filter, Path log, Path workDir)
      throws IOException, InterruptedException {
    String name = filter.getFileName().toString().replaceFirst("\\.conf$", "");
    Path filters = Files.createDirectories(workDir.resolve("fail2ban/filter.d"));
    Files.copy(filter, filters.resolve(name + ".conf"));
    Files.copy(COMMON, filters.resolve("common.conf"));
    Process run =
        new ProcessBuilder(
                "fail2ban-regex",
                "-o",
                "ip",
                "-c",
                filters.getParent().toString(),
                log.toString(),
                name)
            .redirectErrorStream(true)
            .start();
    String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!run.waitFor(60, TimeUnit.SECONDS) || run.exitValue() != 0) {
      throw new AssertionError("fail2ban-regex failed: " + output);
    }
    return output.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
  }
}
