package dev.day2.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A PORT_OFFSET for a runner test where every port that run would listen on is free now, instead of
 * a fixed offset that can collide with a running {@code make run} (its own PORT_OFFSET) or another
 * test. Every port also stays below the kernel's ephemeral range: a run binds its ports over tens
 * of seconds, and a port in that range can meanwhile become the local port of any outgoing
 * connection on the machine, so a replica that starts late found its port taken (seen in CI:
 * preferences-2 on 33584, "Address already in use").
 */
public final class FreeOffset {
  private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

  private FreeOffset() {}

  /** An offset (a multiple of 100 from 1000) free for a run with {@code env}. */
  public static int pick(Path home, Map<String, String> env) {
    int ephemeralFrom = ephemeralFrom();
    int start = ThreadLocalRandom.current().nextInt(10, 400);
    for (int i = 0; i < 390; i++) {
      int offset = (10 + (start - 10 + i) % 390) * 100;
      Map<String, String> withOffset = new HashMap<>(env);
      withOffset.put("PORT_OFFSET", Integer.toString(offset));
      RunnerConfig config = RunnerConfig.fromEnvironment(home, withOffset);
      if (config.listenPorts().stream().allMatch(p -> p < ephemeralFrom && bindable(p))) {
        return offset;
      }
    }
    throw new IllegalStateException(
        "no PORT_OFFSET leaves every port of the run free and below " + ephemeralFrom);
  }

  /** The first port the kernel hands out to outgoing connections (Linux: 32768 by default). */
  static int ephemeralFrom() {
    try {
      // readAllLines, not readString: JDK 25's readString returned one character of this file
      return Integer.parseInt(Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+")[0]);
    } catch (IOException | RuntimeException unreadable) {
      return 32768; // IANA's dynamic range starts higher (49152); Linux's default is lower
    }
  }

  private static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
