package dev.day2.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code make logs Q='<jq filter>'} (scripts/logs.sh) on log files in make run's format. */
class LogsScriptTest {
  @TempDir Path run;

  @BeforeEach
  void writeLogsAsMakeRunDoes() throws Exception {
    Path logs = Files.createDirectories(run.resolve("logs"));
    Files.writeString(
        logs.resolve("counter-1.log"),
        """
        {"timestamp":"2026-11-23T07:19:05.100Z","level":"INFO","message":"GET / 200","mdc":{"request_id":"r-1"},"instance":"counter-1","service":"counter"}
        {"timestamp":"2026-11-23T07:19:07.000Z","level":"ERROR","message":"redis is down","mdc":{},"instance":"counter-1","service":"counter"}
        """);
    Files.writeString(
        logs.resolve("hello-2.log"),
        """
        {"timestamp":"2026-11-23T07:19:06.000Z","level":"ERROR","message":"boom","mdc":{},"instance":"hello-2","service":"hello"}
        """);
    Files.writeString(
        logs.resolve("edge.log"),
        """
        {"time":"23/Nov/2026:07:19:05.050","host":"counter.localhost","status":200,"request_id":"r-1","source":"haproxy"}
        """);
    Files.writeString(logs.resolve("redis.log"), "1:C 23 Nov 2026 07:19:00.000 # starting\n");
  }

  @Test
  void searchesEveryServicesLinesInTimeOrder() throws Exception {
    Result errors = logs("select(.level==\"ERROR\") | .instance");
    assertThat(errors.exit).isZero();
    assertThat(errors.out).isEqualTo("hello-2\ncounter-1\n");
  }

  @Test
  void followsOneRequestFromTheEdgeToTheReplica() throws Exception {
    Result request = logs("select(.request_id==\"r-1\") | \"\\(.ts) \\(.service)\"");
    assertThat(request.out)
        .isEqualTo("2026-11-23T07:19:05.050Z edge\n2026-11-23T07:19:05.100Z counter\n");
  }

  @Test
  void keepsPlainTextLinesWithTheirProcessName() throws Exception {
    assertThat(logs("select(.service==\"redis\") | .message").out)
        .isEqualTo("1:C 23 Nov 2026 07:19:00.000 # starting\n");
  }

  @Test
  void rejectsAnInvalidFilterWithOneLine() throws Exception {
    Result bad = logs("select(.level==");
    assertThat(bad.exit).isEqualTo(2);
    assertThat(bad.err).startsWith("logs: Q is not a valid jq filter").hasLineCount(1);
  }

  @Test
  void saysWhereItLookedWhenThereAreNoLogs() throws Exception {
    Result none = logs(run.resolve("nothing-here"), ".");
    assertThat(none.exit).isEqualTo(2);
    assertThat(none.err).contains("no log files in " + run.resolve("nothing-here/logs"));
  }

  record Result(int exit, String out, String err) {}

  private Result logs(String filter) throws Exception {
    return logs(run, filter);
  }

  private static Result logs(Path runDir, String filter) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(Repo.root().resolve("scripts/logs.sh").toString());
    builder.environment().put("DAY2_RUN_DIR", runDir.toString());
    builder.environment().put("Q", filter);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), out, err);
  }
}
