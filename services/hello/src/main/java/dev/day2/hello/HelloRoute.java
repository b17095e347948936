package dev.day2.hello;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.day2.common.PlainRoutes;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.UncheckedIOException;

/**
 * {@code GET /}: hello world with the time, as text or (on request) JSON. A plain Vert.x route on
 * the event loop, like counter's and wrpi-api's hot paths (ADR 0121); {@link PlainRoutes} gives it
 * {@code HEAD}, {@code OPTIONS}, the JSON 405 and the {@code Accept} negotiation with its JSON 400.
 */
@Singleton
class HelloRoute {
  private final Greeter greeter;
  private final ObjectMapper json;

  HelloRoute(Greeter greeter, ObjectMapper json) {
    this.greeter = greeter;
    this.json = json;
  }

  void register(@Observes Router router) {
    PlainRoutes.get(router, "/", this::hello);
  }

  private void hello(RoutingContext context) {
    PlainRoutes.prefersJson(context)
        .ifPresent(prefersJson -> {
          Greeting greeting = greeter.now();
          HttpServerResponse response = context.response().putHeader(HttpHeaders.VARY, "Accept");
          if (prefersJson) {
            PlainRoutes.json(response, 200, write(greeting));
          } else {
            response
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain;charset=UTF-8")
                .end(greeting.asText());
          }
        });
  }

  private String write(Greeting greeting) {
    try {
      return json.writeValueAsString(greeting);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e); // two strings: cannot happen
    }
  }
}
