package dev.day2.preferences.lambda;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The smallest AWS Lambda Runtime API (the interface a function's runtime polls for events, as in
 * AWS and in the Lambda runtime emulator): hands out the queued events one at a time and collects
 * the function's responses. A test double, because the real one only exists inside AWS.
 */
final class FakeLambdaRuntime implements AutoCloseable {
  private static final String BASE = "/2018-06-01/runtime";
  private final HttpServer server;
  private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
  private final BlockingQueue<CompletableFuture<String>> pending = new LinkedBlockingQueue<>();
  private volatile CompletableFuture<String> current;

  FakeLambdaRuntime() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(BASE + "/invocation/next", this::next);
    server.createContext(BASE + "/invocation/", this::result);
    server.createContext(BASE + "/init/error", this::initError);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
  }

  /** {@code AWS_LAMBDA_RUNTIME_API} for the function: host and port. */
  String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** Queues {@code event}; the future completes with the function's response body. */
  CompletableFuture<String> enqueue(String event) {
    CompletableFuture<String> response = new CompletableFuture<>();
    pending.add(response);
    events.add(event);
    return response;
  }

  private void next(HttpExchange exchange) throws IOException {
    try {
      String event = events.poll(5, TimeUnit.MINUTES);
      if (event == null) {
        exchange.sendResponseHeaders(204, -1);
        return;
      }
      current = pending.take();
      exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", "req-1");
      exchange
          .getResponseHeaders()
          .add("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 30_000));
      exchange
          .getResponseHeaders()
          .add(
              "Lambda-Runtime-Invoked-Function-Arn",
              "arn:aws:lambda:eu-west-1:123456789012:function:preferences-api");
      exchange
          .getResponseHeaders()
          .add("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000");
      // the native client in AWS' runtime reads every header the real API sends, even if empty
      exchange.getResponseHeaders().add("Lambda-Runtime-Client-Context", "{}");
      exchange.getResponseHeaders().add("Lambda-Runtime-Cognito-Identity", "{}");
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      byte[] body = event.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      exchange.close();
    }
  }

  private void result(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String path = exchange.getRequestURI().getPath();
    exchange.sendResponseHeaders(202, -1);
    exchange.close();
    if (path.endsWith("/response")) {
      current.complete(body);
    } else {
      current.completeExceptionally(new IllegalStateException("function error: " + body));
    }
  }

  private void initError(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(202, -1);
    exchange.close();
    CompletableFuture<String> waiting = pending.peek();
    if (waiting != null) {
      waiting.completeExceptionally(new IllegalStateException("init error: " + body));
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
