package dev.day2.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The warm-up against a real Vert.x HTTP server on loopback: what it sends, how it reads what comes
 * back (lengths, chunks, no body), how it marks its requests, and that it always ends ready.
 */
class WarmUpTest {
  private Vertx vertx;
  private HttpServer server;

  @BeforeEach
  void vertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void close() {
    await(vertx.close());
  }

  private InetSocketAddress serve(Consumer<HttpServerRequest> handler) {
    server = await(vertx.createHttpServer().requestHandler(handler::accept).listen(0, "127.0.0.1"));
    return new InetSocketAddress("127.0.0.1", server.actualPort());
  }

  private static <T> T await(io.vertx.core.Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void sendsItsRequestsMarkedAsItsOwnThenReportsDone() {
    List<WarmUpRequests.Request> requests =
        List.of(
            WarmUpRequests.Request.get("/"),
            new WarmUpRequests.Request("/v0/x?y=1", Map.of("Authorization", "Basic abc")));
    WarmUp warmUp = new WarmUp(Duration.ofMillis(300), requests);
    Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    AtomicInteger unmarked = new AtomicInteger();
    Set<String> auth = ConcurrentHashMap.newKeySet();
    InetSocketAddress address =
        serve(request -> {
          if (!warmUp.isWarmUp(request)) {
            unmarked.incrementAndGet();
          }
          seen.computeIfAbsent(request.uri(), k -> new AtomicInteger()).incrementAndGet();
          if (request.getHeader("Authorization") != null) {
            auth.add(request.uri() + " " + request.getHeader("Authorization"));
          }
          request.response().end("hello");
        });
    assertThat(warmUp.done()).as("configured, not yet run: not ready").isFalse();

    warmUp.run(address);

    assertThat(warmUp.done()).isTrue();
    assertThat(unmarked).as("requests not recognised as the warm-up's own").hasValue(0);
    assertThat(seen.keySet()).containsExactlyInAnyOrder("/", "/v0/x?y=1");
    assertThat(seen.get("/").get()).isGreaterThan(10);
    assertThat(auth).containsExactly("/v0/x?y=1 Basic abc");
    long total = seen.values().stream().mapToLong(AtomicInteger::get).sum();
    assertThat(warmUp.outcome()).startsWith(total + " requests in ").contains("(0 not 2xx)");
  }

  @Test
  void aRequestIsTheWarmUpsOnlyWithItsTokenAndOnlyWhileItRuns() throws IOException {
    WarmUp warmUp = new WarmUp(Duration.ofMillis(100), List.of(WarmUpRequests.Request.get("/")));
    Map<String, String> tokens = new ConcurrentHashMap<>();
    InetSocketAddress address =
        serve(request -> {
          tokens.putIfAbsent("token", request.getHeader(WarmUp.HEADER));
          boolean ours = warmUp.isWarmUp(request);
          request.response().end(Boolean.toString(ours));
        });
    warmUp.run(address);
    String token = tokens.get("token");
    assertThat(token).matches("[0-9a-f]{32}");

    // after the warm-up, the same token from anyone is an ordinary request
    AtomicInteger marked = new AtomicInteger();
    await(server.close());
    InetSocketAddress later =
        serve(request -> {
          if (warmUp.isWarmUp(request)) {
            marked.incrementAndGet();
          }
          request.response().end();
        });
    try (WarmUpClient client = new WarmUpClient(later)) {
      client.exchange(WarmUpClient.encode(WarmUpRequests.Request.get("/"), "x", token));
    }
    WarmUp other = new WarmUp(Duration.ofMillis(100), List.of(WarmUpRequests.Request.get("/")));
    other.run(later); // another process's warm-up: another token
    assertThat(marked).hasValue(0);
    assertThat(new WarmUp(Duration.ofMillis(100), List.of()).done())
        .as("nothing to warm up: ready at once")
        .isTrue();
  }

  @Test
  void readsChunkedEmptyAndErrorResponses() {
    AtomicInteger n = new AtomicInteger();
    WarmUp warmUp = new WarmUp(Duration.ofMillis(300), List.of(WarmUpRequests.Request.get("/")));
    InetSocketAddress address =
        serve(request -> {
          switch (n.getAndIncrement() % 4) {
            case 0 -> {
              request.response().setChunked(true).write("a".repeat(5000));
              request.response().end("b");
            }
            case 1 -> request.response().setStatusCode(204).end();
            case 2 -> request.response().setStatusCode(503).end("{\"error\":\"down\"}");
            default -> request.response().end("x".repeat(70_000));
          }
        });
    warmUp.run(address);
    long answered = n.get();
    assertThat(answered).as("kept going on one connection each").isGreaterThan(20);
    // every fourth answer was a 503: counted, not fatal
    assertThat(warmUp.outcome()).matches("\\d+ requests in \\d+ ms \\(\\d+ not 2xx\\).*");
    assertThat(warmUp.outcome()).doesNotContain("(0 not 2xx)");
    assertThat(warmUp.done()).isTrue();
  }

  @Test
  void endsReadyWhenNothingListens() throws IOException {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    WarmUp warmUp = new WarmUp(Duration.ofSeconds(5), List.of(WarmUpRequests.Request.get("/")));
    long start = System.nanoTime();
    warmUp.run(new InetSocketAddress("127.0.0.1", port));
    assertThat(warmUp.done()).isTrue();
    assertThat(warmUp.outcome()).startsWith("0 requests");
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .as("a refused connection ends the warm-up instead of waiting out WARM_UP")
        .isLessThan(Duration.ofSeconds(4));
  }

  @Test
  void endsReadyWhenTheServerHangsUp() {
    WarmUp warmUp = new WarmUp(Duration.ofSeconds(5), List.of(WarmUpRequests.Request.get("/")));
    InetSocketAddress address = serve(request -> request.connection().close());
    warmUp.run(address);
    assertThat(warmUp.done()).isTrue();
    assertThat(warmUp.outcome()).startsWith("0 requests");
  }

  @Test
  void warmUpSettingIsADurationFromZeroToThirtySeconds() {
    assertThat(WarmUp.parse("2s")).isEqualTo(Duration.ofSeconds(2));
    assertThat(WarmUp.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(WarmUp.parse("0")).isZero();
    assertThat(WarmUp.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    for (String bad : List.of("-1s", "31s", "soon", "")) {
      assertThatThrownBy(() -> WarmUp.parse(bad))
          .isInstanceOf(ConfigurationException.class)
          .hasMessage(
              "WARM_UP must be a duration from 0 (no warm-up) to 30s such as 2s, got \""
                  + bad
                  + "\"");
    }
    WarmUp off = new WarmUp(Duration.ZERO, List.of(WarmUpRequests.Request.get("/")));
    assertThat(off.done()).isTrue();
    assertThat(off.outcome()).isEqualTo("off (WARM_UP=0)");
  }

  @Test
  void aWildcardHostIsReachedOnLoopback() {
    assertThat(WarmUp.loopbackFor("0.0.0.0")).isEqualTo("127.0.0.1");
    assertThat(WarmUp.loopbackFor("::")).isEqualTo("127.0.0.1");
    assertThat(WarmUp.loopbackFor("")).isEqualTo("127.0.0.1");
    assertThat(WarmUp.loopbackFor("10.0.0.7")).isEqualTo("10.0.0.7");
  }

  @Test
  void aPathMustBeAbsolute() {
    assertThatThrownBy(() -> WarmUpRequests.Request.get("v0/wrpi"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("starts with /");
  }
}
