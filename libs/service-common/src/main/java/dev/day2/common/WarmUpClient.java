package dev.day2.common;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal HTTP/1.1 client for the warm-up: one keep-alive connection, requests written from bytes
 * prepared once, responses read by {@code Content-Length} or chunks. Deliberately not a library
 * client: the warm-up is there to get the server's code compiled, and a client of any size would
 * queue its own methods for the same JIT compiler threads.
 */
final class WarmUpClient implements AutoCloseable {
  private static final int TIMEOUT_MILLIS = 5_000;

  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;

  WarmUpClient(InetSocketAddress server) throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(server, TIMEOUT_MILLIS);
    socket.setSoTimeout(TIMEOUT_MILLIS);
    out = socket.getOutputStream();
    in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
  }

  /**
   * The bytes of {@code request} to {@code host}, with the warm-up header carrying {@code token}.
   */
  static byte[] encode(WarmUpRequests.Request request, String host, String token) {
    StringBuilder text = new StringBuilder(256);
    text.append("GET ").append(request.path()).append(" HTTP/1.1\r\n");
    text.append("Host: ").append(host).append("\r\n");
    text.append(WarmUp.HEADER).append(": ").append(token).append("\r\n");
    for (Map.Entry<String, String> header : request.headers().entrySet()) {
      text.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
    }
    return text.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Sends {@code request} and reads the whole response; returns its status code. */
  int exchange(byte[] request) throws IOException {
    out.write(request);
    out.flush();
    String status = line();
    if (!status.startsWith("HTTP/1.") || status.length() < 12) {
      throw new IOException("not an HTTP/1.x status line: " + status);
    }
    int code = Integer.parseInt(status.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    for (String header = line(); !header.isEmpty(); header = line()) {
      int colon = header.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = header.substring(colon + 1).trim();
      if (name.equals("content-length")) {
        length = Long.parseLong(value);
      } else if (name.equals("transfer-encoding")) {
        chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
      }
    }
    if (chunked) {
      for (long size = chunkSize(); size > 0; size = chunkSize()) {
        skip(size);
        line(); // the CRLF after the chunk
      }
      while (!line().isEmpty()) {
        // trailers, if any
      }
    } else if (length > 0) {
      skip(length);
    } else if (length < 0 && code != 204 && code != 304) {
      throw new IOException("a response with neither Content-Length nor chunks");
    }
    return code;
  }

  private long chunkSize() throws IOException {
    String size = line();
    int extension = size.indexOf(';');
    return Long.parseLong(extension < 0 ? size.trim() : size.substring(0, extension).trim(), 16);
  }

  private void skip(long bytes) throws IOException {
    long left = bytes;
    while (left > 0) {
      long skipped = in.skip(left);
      if (skipped <= 0) {
        if (in.read() < 0) {
          throw new EOFException("the server closed the connection mid-response");
        }
        skipped = 1;
      }
      left -= skipped;
    }
  }

  /** One line without its CRLF; the headers of these responses are ASCII. */
  private String line() throws IOException {
    StringBuilder line = new StringBuilder(64);
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new EOFException("the server closed the connection");
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  /** Every request in {@code requests}, encoded once. */
  static List<byte[]> encodeAll(List<WarmUpRequests.Request> requests, String host, String token) {
    return requests.stream().map(r -> encode(r, host, token)).toList();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
