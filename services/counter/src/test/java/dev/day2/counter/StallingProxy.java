package dev.day2.counter;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on loopback in front of a real redis-server, for what no real Redis does on request:
 * a connection that is accepted and then never answered (a flow a NAT or firewall forgot, a
 * half-dead host). While {@link #stallNewConnections() stalling}, a new connection is accepted and
 * everything it sends is swallowed, for as long as it stays open; connections made before or after
 * are forwarded both ways.
 */
final class StallingProxy implements AutoCloseable {
  private final ServerSocket server;
  private final String upstreamHost;
  private final int upstreamPort;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile boolean stalling;

  StallingProxy(String upstreamHost, int upstreamPort) throws IOException {
    this.upstreamHost = upstreamHost;
    this.upstreamPort = upstreamPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().name("stalling-proxy-accept").start(this::accept);
  }

  int port() {
    return server.getLocalPort();
  }

  String host() {
    return server.getInetAddress().getHostAddress();
  }

  /** New connections from now on are accepted and never answered. */
  void stallNewConnections() {
    stalling = true;
  }

  /** New connections from now on reach Redis; stalled ones stay stalled. */
  void forwardNewConnections() {
    stalling = false;
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        sockets.add(client);
        if (stalling) {
          Thread.ofVirtual().start(() -> swallow(client));
        } else {
          Socket upstream;
          try {
            upstream = new Socket(upstreamHost, upstreamPort);
          } catch (IOException refused) {
            // Redis is down: the client sees its connection end (FIN: a close with its HELLO
            // unread would reset it instead)
            client.shutdownOutput();
            Thread.ofVirtual().start(() -> swallow(client));
            continue;
          }
          sockets.add(upstream);
          AtomicInteger open = new AtomicInteger(2);
          Thread.ofVirtual().start(() -> pump(client, upstream, open));
          Thread.ofVirtual().start(() -> pump(upstream, client, open));
        }
      } catch (IOException e) {
        // the proxy is closed
      }
    }
  }

  /** Reads and drops what {@code client} sends until it closes. */
  private static void swallow(Socket client) {
    try (client;
        InputStream in = client.getInputStream()) {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      // closed
    }
  }

  /**
   * Copies {@code from} to {@code to}; at {@code from}'s end, ends {@code to}'s output the way a
   * server closing its side would (FIN). Once {@code to} cannot be written, what {@code from} still
   * sends is dropped: closing a socket with unread data would reset it, which no real Redis closing
   * a connection does to its client. The last of a pair's two directions to end closes both
   * sockets.
   */
  private static void pump(Socket from, Socket to, AtomicInteger open) {
    byte[] buffer = new byte[8192];
    boolean writable = true;
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      for (int n; (n = in.read(buffer)) >= 0; ) {
        if (writable) {
          try {
            out.write(buffer, 0, n);
          } catch (IOException gone) {
            writable = false;
          }
        }
      }
      if (writable) {
        to.shutdownOutput();
      }
    } catch (IOException e) {
      // from was reset, or to is closed
    } finally {
      if (open.decrementAndGet() == 0) {
        closeQuietly(from);
        closeQuietly(to);
      }
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket socket : sockets) {
      socket.close();
    }
  }
}
