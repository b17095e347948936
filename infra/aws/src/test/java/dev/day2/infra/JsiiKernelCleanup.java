package dev.day2.infra;

import java.util.List;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Stops the jsii kernel (the {@code node} processes the CDK's Java bindings start) when the test
 * run ends. jsii's own shutdown hook closes the kernel's stdin and then waits for its stderr to
 * end; in the surefire fork the kernel's wrapper ({@code bin/jsii-runtime.js}, jsii 1.139 on Node
 * 20) stayed in its event loop instead (its exit handler listens for an {@code "end"} event a child
 * process never emits, and it passes every signal but SIGKILL on to its child), so the fork hung
 * until surefire killed it 30 s later and the wrapper was left running after every {@code make
 * test}. (The app itself, {@code make infra}, exits.) Registered in {@code META-INF/services}; it
 * runs in the fork after the last test, before surefire exits; the kernel has nothing left to do by
 * then, so SIGKILL loses nothing.
 */
public class JsiiKernelCleanup implements LauncherSessionListener {
  @Override
  public void launcherSessionClosed(LauncherSession session) {
    for (ProcessHandle kernel : jsiiKernels()) {
      kernel.destroyForcibly();
      kernel.onExit().join();
    }
  }

  /** This JVM's descendants that run the jsii kernel (the wrapper and its {@code program.js}). */
  static List<ProcessHandle> jsiiKernels() {
    return ProcessHandle.current()
        .descendants()
        .filter(p -> p.info().commandLine().orElse("").contains("jsii-java-runtime"))
        .toList();
  }
}
