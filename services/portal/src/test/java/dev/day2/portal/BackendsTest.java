package dev.day2.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A replica list (compose: {@code COUNTER_URL=http://counter-1:8083,http://counter-2:8083}) against
 * real HTTP servers on loopback: calls take turns, a replica that refuses the connection is
 * skipped, and none left is a 503 naming the service.
 */
class BackendsTest {
  private final List<HttpServer> servers = new ArrayList<>();
  private final Backends backends = new Backends();

  @AfterEach
  void stop() {
    servers.forEach(s -> s.stop(0));
  }

  @Test
  void replicasTakeTurns() throws Exception {
    Replicas replicas = Replicas.parse("COUNTER_URL", replica("c1") + "," + replica("c2"));

    List<String> answers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      answers.add(get(replicas));
    }

    assertThat(answers).containsExactly("c1", "c2", "c1", "c2");
  }

  @Test
  void aReplicaThatRefusesTheConnectionIsSkipped() throws Exception {
    Replicas replicas = Replicas.parse("COUNTER_URL", closedPort() + "," + replica("c2"));

    for (int i = 0; i < 3; i++) {
      assertThat(get(replicas)).isEqualTo("c2");
    }
  }

  @Test
  void noReplicaLeftIsUnreachableNamingTheService() throws Exception {
    Replicas replicas = Replicas.parse("COUNTER_URL", closedPort() + "," + closedPort());

    assertThatThrownBy(() -> get(replicas))
        .isInstanceOf(Backends.Unreachable.class)
        .hasMessage("counter is unreachable");
  }

  @Test
  void aMalformedListRefusesToStartNamingTheVariable() {
    assertThatThrownBy(() -> Replicas.parse("PREFERENCES_URL", "http://p-1:8084,p-2:8084"))
        .hasMessageStartingWith("PREFERENCES_URL: ")
        .hasMessageContaining("'p-2:8084'");
    assertThat(Replicas.parse("COUNTER_URL", " http://c-1:8083/ , http://c-2:8083").all())
        .extracting(Object::toString)
        .containsExactly("http://c-1:8083", "http://c-2:8083");
  }

  private String get(Replicas replicas) throws Backends.Unreachable {
    HttpResponse<String> answer =
        backends.send("counter", replicas, base -> Backends.to(base, "/").GET());
    return answer.body();
  }

  /** A server answering its name to every request; its base URL. */
  private String replica(String name) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] body = name.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    servers.add(server);
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** A loopback port nobody listens on (taken, then released). */
  private static String closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return "http://127.0.0.1:" + socket.getLocalPort();
    }
  }
}
