package dev.day2.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.impl.ContextInternal;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shared mechanism of the services' plain routes (ADR 0121) on a real Vert.x HTTP server on
 * loopback: methods, negotiation, and the JSON answers when a handler breaks, logged on the
 * request's context.
 */
class PlainRoutesTest {
  private static Vertx vertx;
  private static Vertx storeVertx;
  private static final AtomicReference<Context> failedRequest = new AtomicReference<>();
  private static HttpServer server;
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    PlainRoutes.get(
        router,
        "/",
        context ->
            PlainRoutes.prefersJson(context)
                .ifPresent(
                    json -> PlainRoutes.json(context.response(), 200, "{\"json\":" + json + "}")));
    PlainRoutes.get(
        router,
        "/throws",
        context -> {
          throw new IllegalStateException("a bug with a secret in its message");
        });
    PlainRoutes.get(router, "/fails", context -> context.fail(new IllegalStateException("bug")));
    // A hot read beside a resource that keeps the path's other methods (here: a catch-all).
    PlainRoutes.getAndHead(
        router,
        "/items/:id",
        context -> {
          if (PlainRoutes.acceptsJson(context)) {
            PlainRoutes.json(
                context.response(), 200, "{\"id\":\"" + context.pathParam("id") + "\"}");
          }
        });
    PlainRoutes.getAndHead(
        router,
        "/items-broken/:id",
        context -> {
          throw new IllegalStateException("a bug");
        });
    router
        .route("/items/:id")
        .handler(context -> context.response().end(context.request().method() + " elsewhere"));
    // A store's reply runs on its connection's context, not the request's: on the same event
    // loop (a held connection, ADR 0120) or another thread altogether.
    storeVertx = Vertx.vertx();
    PlainRoutes.get(
        router,
        "/reply-on-the-loop",
        context -> {
          ContextInternal request = (ContextInternal) Vertx.currentContext();
          request
              .owner()
              .createEventLoopContext(
                  request.nettyEventLoop(), request.workerPool(), request.classLoader())
              .runOnContext(reply -> answerOnRequestContext(context, request));
        });
    PlainRoutes.get(
        router,
        "/reply-elsewhere",
        context -> {
          Context request = Vertx.currentContext();
          storeVertx
              .getOrCreateContext()
              .runOnContext(reply -> answerOnRequestContext(context, request));
        });
    PlainRoutes.get(
        router,
        "/fails-elsewhere",
        context -> {
          failedRequest.set(Vertx.currentContext());
          storeVertx
              .getOrCreateContext()
              .runOnContext(reply -> context.fail(new IllegalStateException("a bug")));
        });
    server =
        vertx
            .createHttpServer()
            .requestHandler(router)
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    storeVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static HttpResponse<String> send(String method, String path, String... headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
            .method(method, HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void getNegotiatesAndHeadHasNoBody() throws Exception {
    assertThat(send("GET", "/").body()).isEqualTo("{\"json\":false}");
    assertThat(send("GET", "/", "Accept", "text/plain;q=0.5, application/json").body())
        .isEqualTo("{\"json\":true}");
    assertThat(headThenGet("/")).containsOnlyOnce("{\"json\":false}");
  }

  /**
   * A HEAD then a GET of {@code path} on one raw connection (an HTTP client knows a HEAD answer has
   * no body and would not read one); asserts both are 200 and that the HEAD answer's headers are
   * followed directly by the GET's status line, no body between. Returns both answers.
   */
  private static String headThenGet(String path) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.actualPort())) {
      socket.setSoTimeout(2000);
      socket
          .getOutputStream()
          .write(
              ("HEAD "
                      + path
                      + " HTTP/1.1\r\nHost: t\r\n\r\nGET "
                      + path
                      + " HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      String both = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      assertThat(both).startsWith("HTTP/1.1 200");
      assertThat(both.split("\r\n\r\n", 2)[1]).startsWith("HTTP/1.1 200");
      return both;
    }
  }

  @Test
  void getAndHeadServeOnlyThoseMethodsAndLeaveTheRestToTheNextRoute() throws Exception {
    assertThat(send("GET", "/items/a1").body()).isEqualTo("{\"id\":\"a1\"}");
    assertThat(headThenGet("/items/a1")).containsOnlyOnce("{\"id\":\"a1\"}");
    for (String method : new String[] {"PUT", "DELETE", "OPTIONS", "POST"}) {
      assertThat(send(method, "/items/a1").body()).as(method).isEqualTo(method + " elsewhere");
    }
    HttpResponse<String> broken = send("GET", "/items-broken/a1");
    assertThat(broken.statusCode()).isEqualTo(500);
    assertThat(broken.body()).contains("\"error\":\"internal_error\"").doesNotContain("a bug");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "application/json | 200",
        "application/json;charset=UTF-8 | 200",
        "application/* | 200",
        "*/* | 200",
        "text/plain;q=0.5, application/json;q=0.1 | 200",
        "application/json;q=0, application/*, */* | 406",
        "application/*;q=0, */* | 406",
        "text/plain, */*;q=0 | 406",
        "text/plain | 406",
        "application/problem+json | 406",
        "application/json;q=abc | 400",
      })
  void aJsonOnlyRouteNegotiatesAcceptWith406And400(String accept, int status) throws Exception {
    HttpResponse<String> response = send("GET", "/items/a1", "Accept", accept);
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    if (status == 406) {
      assertThat(response.body()).contains("\"error\":\"not_acceptable\"");
    }
    assertThat(send("GET", "/items/a1").statusCode()).as("no Accept header").isEqualTo(200);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "application/json;q=0 | false",
        "application/json;q=0, */* | false",
        "application/*;q=0, */* | false",
        "text/plain;q=0, */* | true",
        "text/*;q=0, */*;q=0.5 | true",
        "text/plain;q=0, application/json;q=0.1 | true",
        "text/plain;q=0 | false",
        "application/json;q=0, text/plain;q=0, */* | false",
        "*/*;q=0, application/json | true",
        "*/*;q=0, text/plain | false",
      })
  void aZeroQualityRefusesWhatItNames(String accept, boolean json) throws Exception {
    assertThat(send("GET", "/", "Accept", accept).body()).isEqualTo("{\"json\":" + json + "}");
  }

  @Test
  void repeatedAcceptHeadersAreReadTogether() throws Exception {
    assertThat(send("GET", "/", "Accept", "text/plain;q=0.1", "Accept", "application/json").body())
        .isEqualTo("{\"json\":true}");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {";;;", "application/json;q=abc", "text/plain;q=2", "application/json;q=-1"})
  void aMalformedAcceptIsAJson400(String accept) throws Exception {
    HttpResponse<String> response = send("GET", "/", "Accept", accept);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(response.body()).contains("\"error\":\"bad_request\"").contains("Accept");
  }

  @Test
  void optionsListsTheMethodsAndOthersAreAJson405() throws Exception {
    HttpResponse<String> options = send("OPTIONS", "/");
    assertThat(options.statusCode()).isEqualTo(200);
    assertThat(options.headers().firstValue("Allow")).hasValue("GET, HEAD, OPTIONS");
    HttpResponse<String> post = send("POST", "/");
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD, OPTIONS");
    assertThat(post.body())
        .contains("\"error\":\"method_not_allowed\"")
        .contains("\"message\":\"POST is not allowed here; this path answers GET, HEAD, OPTIONS\"");
  }

  @Test
  void aBrokenHandlerIsTheJson500WithoutItsCause() throws Exception {
    for (String path : new String[] {"/throws", "/fails"}) {
      HttpResponse<String> response = send("GET", path);
      assertThat(response.statusCode()).as(path).isEqualTo(500);
      assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(response.body())
          .isEqualTo(
              "{\"error\":\"internal_error\",\"message\":\"internal error; see the service log\"}");
    }
  }

  /** From a store's reply: where the request's log context (its request id) is to be found. */
  private static void answerOnRequestContext(RoutingContext context, Context request) {
    String whereFrom = Vertx.currentContext() == request ? "the request's" : "another";
    PlainRoutes.onRequestContext(
        context,
        () ->
            context
                .response()
                .end(
                    "from "
                        + whereFrom
                        + " context to "
                        + (Vertx.currentContext() == request ? "the request's" : "another")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/reply-on-the-loop", "/reply-elsewhere"})
  void aStoresReplyIsBroughtBackToTheRequestsContext(String path) throws Exception {
    assertThat(send("GET", path).body()).isEqualTo("from another context to the request's");
  }

  @Test
  void aFailureFromAStoresReplyIsLoggedOnTheRequestsContext() throws Exception {
    List<String> loggedOn = new CopyOnWriteArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            loggedOn.add(record.getMessage() + " on " + Vertx.currentContext());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger log = Logger.getLogger(PlainRoutes.class.getName());
    log.addHandler(capture);
    try {
      assertThat(send("GET", "/fails-elsewhere").statusCode()).isEqualTo(500);
    } finally {
      log.removeHandler(capture);
    }
    // Vert.x Web's failure handling brings it back there itself.
    assertThat(loggedOn).containsExactly("unhandled error on " + failedRequest.get());
  }
}
