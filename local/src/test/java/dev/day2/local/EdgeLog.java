package dev.day2.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** The edge's JSON access log as the tests read it, and as the shipped fail2ban filter reads it. */
final class EdgeLog {
  private EdgeLog() {}

  /** Until {@code file} holds a line with {@code needle}; fails after 10 s. */
  static void awaitLine(Path file, String needle) throws Exception {
    Instant deadline = Instant.now().plusSeconds(10);
    while (Instant.now().isBefore(deadline)) {
      if (Files.exists(file) && Files.readString(file).contains(needle)) {
        return;
      }
      Thread.sleep(50); // polling a file someone else appends to
    }
    List<String> tail = Files.exists(file) ? Files.readAllLines(file) : List.of();
    assertThat(tail).as("%s in %s", needle, file).anyMatch(line -> line.contains(needle));
  }

  /**
   * How many lines of {@code log} the shipped fail2ban filter {@code filter} matches, run by
   * Debian's fail2ban-regex with its config in {@code work}; every match must be 127.0.0.1.
   */
  static long fail2banMatches(Path work, String filter, Path log) throws Exception {
    Path conf = Files.createDirectories(work.resolve("fail2ban/filter.d"));
    Path shipped =
        RunnerProcess.home().resolve("deploy/host/fail2ban/filter.d/" + filter + ".conf");
    Files.copy(shipped, conf.resolve(filter + ".conf"));
    Files.copy(Path.of("/etc/fail2ban/filter.d/common.conf"), conf.resolve("common.conf"));
    Process run =
        new ProcessBuilder(
                "fail2ban-regex",
                "-o",
                "ip",
                "-c",
                conf.getParent().toString(),
                log.toString(),
                filter)
            .redirectErrorStream(true)
            .start();
    List<String> lines = new String(run.getInputStream().readAllBytes()).lines().toList();
    assertThat(run.waitFor()).as("fail2ban-regex: %s", lines).isZero();
    assertThat(lines).allMatch(line -> line.isBlank() || line.strip().equals("127.0.0.1"));
    return lines.stream().filter(line -> !line.isBlank()).count();
  }
}
