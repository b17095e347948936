package dev.day2.drills;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command to completion; a non-zero exit is an exception with the command's output. */
final class Shell {
  private Shell() {}

  static String run(Map<String, String> env, String... command) throws IOException {
    return run(env, List.of(command));
  }

  static String run(Map<String, String> env, List<String> command) throws IOException {
    // From the temporary directory: the postgres user may not be able to enter the checkout,
    // and initdb/pg_ctl fail in a working directory they cannot read. Paths are absolute.
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .directory(new java.io.File(System.getProperty("java.io.tmpdir")));
    builder.environment().putAll(env);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!process.waitFor(10, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IOException(String.join(" ", command) + " did not finish in 10 minutes");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (process.exitValue() != 0) {
      throw new IOException(
          String.join(" ", command) + " exited " + process.exitValue() + ": " + output.strip());
    }
    return output;
  }

  /** {@code command} as the PostgreSQL OS user when we are root (PostgreSQL refuses root). */
  static List<String> asPostgres(List<String> command) {
    if (!"root".equals(System.getProperty("user.name"))) {
      return command;
    }
    List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
    wrapped.addAll(command);
    return wrapped;
  }
}
