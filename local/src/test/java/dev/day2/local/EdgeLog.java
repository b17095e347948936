package dev.day2.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.day2.testing.process.Fail2banRegex;
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
    Path shipped =
        RunnerProcess.home().resolve("deploy/host/fail2ban/filter.d/" + filter + ".conf");
    List<String> hosts = Fail2banRegex.matchedHosts(shipped, log, work);
    assertThat(hosts).allMatch("127.0.0.1"::equals);
    return hosts.size();
  }
}
