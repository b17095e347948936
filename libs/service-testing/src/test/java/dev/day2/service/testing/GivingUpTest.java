package dev.day2.service.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class GivingUpTest {
  @Test
  // without the limit the request waits for as long as the server holds it, and a blocked socket
  // read ignores interrupts: the timeout runs the test on its own thread
  @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aRequestToAServerThatNeverAnswersGivesUpAfterTheLimit() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual()
          .start(() -> {
            try (Socket held = server.accept()) {
              held.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            } catch (java.io.IOException e) {
              // the client gave up and closed, or the test ended
            }
          });
      assertThatThrownBy(() ->
              GivingUp.after(Duration.ofMillis(300))
                  .get("http://127.0.0.1:" + server.getLocalPort() + "/"))
          .isInstanceOf(SocketTimeoutException.class);
    }
  }
}
