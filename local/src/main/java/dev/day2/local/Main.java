package dev.day2.local;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** {@code make run}: the whole system on one machine, no containers. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    Path root = Path.of(System.getProperty("day2.home", ".")).toAbsolutePath().normalize();
    RunnerConfig config;
    try {
      config = RunnerConfig.fromEnvironment(root, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("make run: " + e.getMessage());
      System.exit(2);
      return;
    }
    Runner runner = new Runner(config, System.out);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> {
              System.out.println("stopping ...");
              runner.stop();
              System.out.println("stopped");
              stopped.countDown();
            }));
    try {
      runner.start();
    } catch (Exception e) {
      System.err.println("make run: " + e.getMessage());
      System.exit(1);
    }
    stopped.await();
  }
}
