package dev.day2.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shared mechanism of the services' plain routes (ADR 0121) on a real Vert.x HTTP server on
 * loopback: methods, negotiation, and the JSON answers when a handler breaks.
 */
class PlainRoutesTest {
  private static Vertx vertx;
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
    // HEAD on a raw socket: an HTTP client knows a HEAD answer has no body and would not read one
    try (Socket socket = new Socket("127.0.0.1", server.actualPort())) {
      socket.setSoTimeout(2000);
      socket
          .getOutputStream()
          .write(
              "HEAD / HTTP/1.1\r\nHost: t\r\n\r\nGET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      String both = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      assertThat(both).startsWith("HTTP/1.1 200");
      // the HEAD answer's headers are followed directly by the GET's status line: no body between
      assertThat(both.split("\r\n\r\n", 2)[1]).startsWith("HTTP/1.1 200");
      assertThat(both).containsOnlyOnce("{\"json\":false}");
    }
  }

  @Test
  void repeatedAcceptHeadersAreReadTogether() throws Exception {
    assertThat(send("GET", "/", "Accept", "text/plain;q=0.1", "Accept", "application/json").body())
        .isEqualTo("{\"json\":true}");
  }

  @Test
  void aMalformedAcceptIsAJson400() throws Exception {
    HttpResponse<String> response = send("GET", "/", "Accept", ";;;");
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
    assertThat(post.body()).contains("\"error\":\"method_not_allowed\"");
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
}
