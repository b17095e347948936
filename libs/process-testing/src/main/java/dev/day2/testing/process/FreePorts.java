package dev.day2.testing.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Ports for tests: asked from the kernel, never fixed numbers, so a test cannot collide with a
 * running {@code make run} (8081.., 18081..) or another test JVM.
 */
public final class FreePorts {
  private FreePorts() {}

  /** A loopback port nobody listens on right now (the kernel's choice). */
  public static int next() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A port where nothing listens: connecting to it is refused (a store that is down). */
  public static int closed() {
    return next();
  }
}
