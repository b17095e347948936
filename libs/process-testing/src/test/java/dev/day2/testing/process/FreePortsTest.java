package dev.day2.testing.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {
  @Test
  void portsComeFromBelowTheKernelsEphemeralRangeAndCanBeBound() throws Exception {
    int low = FreePorts.ephemeralLow();
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      int port = FreePorts.next();
      assertThat(port).isBetween(Math.max(1024, low - FreePorts.SPAN), low - 1);
      seen.add(port);
      try (ServerSocket server = new ServerSocket()) {
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      }
    }
    assertThat(seen).as("a new port each time").hasSize(50);
  }

  @Test
  void aPortInUseIsNeverHandedOut() throws Exception {
    int taken = FreePorts.next();
    try (ServerSocket server = new ServerSocket()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), taken));
      for (int i = 0; i < FreePorts.SPAN + 1; i++) {
        assertThat(FreePorts.next()).isNotEqualTo(taken);
      }
    }
  }

  @Test
  void nothingListensOnAClosedPort() {
    int port = FreePorts.closed();
    assertThat(port).isLessThan(FreePorts.ephemeralLow());
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      throw new AssertionError("connected to " + socket);
    } catch (java.net.ConnectException expected) {
      // refused: what a store that is down looks like
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
