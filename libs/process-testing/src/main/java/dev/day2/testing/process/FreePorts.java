package dev.day2.testing.process;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ports for tests: free when asked, never fixed numbers, so a test cannot collide with a running
 * {@code make run} (8081.., 18081..), the bench (19080..) or another test JVM.
 *
 * <p>Taken just below the kernel's ephemeral range ({@code net.ipv4.ip_local_port_range}), not from
 * it. A port the kernel hands out for {@code bind(0)} is one it may hand out again a moment later
 * as the local port of any outgoing connection, and a test gives the number to a server that binds
 * it only after starting up: Redis or PostgreSQL then fails with "address in use" whenever a client
 * socket took it in between. Below the range the kernel never picks a port by itself.
 */
public final class FreePorts {
  /** How many ports below the ephemeral range are used. */
  static final int SPAN = 10_000;

  private static final int LAST = ephemeralLow() - 1;
  private static final int FIRST = Math.max(1024, LAST + 1 - SPAN);
  // A random start: test JVMs running side by side rarely try the same ports first.
  private static final AtomicInteger NEXT =
      new AtomicInteger(ThreadLocalRandom.current().nextInt(LAST - FIRST + 1));

  private FreePorts() {}

  /** A loopback port below the ephemeral range that nobody listens on right now. */
  public static int next() {
    for (int tries = 0; tries <= LAST - FIRST; tries++) {
      int port = FIRST + Math.floorMod(NEXT.getAndIncrement(), LAST - FIRST + 1);
      if (free(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no free port in " + FIRST + ".." + LAST);
  }

  /** A port where nothing listens: connecting to it is refused (a store that is down). */
  public static int closed() {
    return next();
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The first port of the kernel's ephemeral range; 32768 (Linux' default) when unreadable, or when
   * the range starts so low that fewer than 1,000 ports lie below it.
   */
  static int ephemeralLow() {
    try {
      String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).strip();
      int low = Integer.parseInt(range.split("\\s+")[0]);
      return low >= 2024 ? low : 32768;
    } catch (IOException | RuntimeException e) {
      return 32768;
    }
  }
}
