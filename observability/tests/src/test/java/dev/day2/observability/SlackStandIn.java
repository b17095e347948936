package dev.day2.observability;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A stand-in for Slack's incoming webhooks on loopback, recording every message as "path body", and
 * the shipped {@code alertmanager.yml} written under a test's directory with its webhook URL files
 * pointing here ({@code /pager}, {@code /tickets}): the only change to the config is where those
 * files live (a pod mounts them at /etc/alertmanager/secrets).
 */
final class SlackStandIn implements AutoCloseable {
  private final HttpServer server;
  private final List<String> messages = Collections.synchronizedList(new ArrayList<>());

  SlackStandIn() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          messages.add(
              exchange.getRequestURI().getPath()
                  + " "
                  + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
  }

  /** Writes the shipped config, its template and the URL files under {@code dir}; its path. */
  Path shippedConfig(Path dir) throws IOException {
    Path secrets = Files.createDirectories(dir.resolve("secrets"));
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    Files.writeString(secrets.resolve("slack-pager-url"), base + "/pager");
    Files.writeString(secrets.resolve("slack-tickets-url"), base + "/tickets");
    Path config = Files.createDirectories(dir.resolve("config/templates")).getParent();
    Path shipped = Repo.observability().resolve("alertmanager");
    Files.writeString(
        config.resolve("alertmanager.yml"),
        Files.readString(shipped.resolve("alertmanager.yml"))
            .replace("/etc/alertmanager/secrets/", secrets + "/"));
    Files.copy(shipped.resolve("templates/day2.tmpl"), config.resolve("templates/day2.tmpl"));
    return config.resolve("alertmanager.yml");
  }

  /** Every message so far, "path body", in arrival order (a copy). */
  List<String> messages() {
    synchronized (messages) {
      return List.copyOf(messages);
    }
  }

  /** How many messages reached {@code path} ("/pager", "/tickets"). */
  long sentTo(String path) {
    return messages().stream().filter(m -> m.startsWith(path + " ")).count();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
