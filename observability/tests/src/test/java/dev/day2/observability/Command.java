package dev.day2.observability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A finished command line: its exit code and everything it printed (stdout and stderr). */
record Command(List<String> line, int exitCode, String output) {

  static Command run(Path dir, String... line) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(line).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(String.join(" ", line) + " did not finish in 60 s");
    }
    return new Command(List.of(line), process.exitValue(), output);
  }

  @Override
  public String toString() {
    return String.join(" ", line) + " -> exit " + exitCode + "\n" + output;
  }
}
