package dev.day2.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A PORT_OFFSET for a runner test where every port that run would listen on is free now, instead of
 * a fixed offset that can collide with a running {@code make run} (its own PORT_OFFSET) or another
 * test.
 */
public final class FreeOffset {
  private FreeOffset() {}

  /** An offset (a multiple of 100 from 1000 to 40000) free for a run with {@code env}. */
  public static int pick(Path home, Map<String, String> env) {
    int start = ThreadLocalRandom.current().nextInt(10, 400);
    for (int i = 0; i < 390; i++) {
      int offset = (10 + (start - 10 + i) % 390) * 100;
      Map<String, String> withOffset = new HashMap<>(env);
      withOffset.put("PORT_OFFSET", Integer.toString(offset));
      RunnerConfig config = RunnerConfig.fromEnvironment(home, withOffset);
      if (config.listenPorts().stream().allMatch(FreeOffset::bindable)) {
        return offset;
      }
    }
    throw new IllegalStateException("no PORT_OFFSET leaves every port of the run free");
  }

  private static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
