package dev.day2.hello;

import dev.day2.common.Negotiation;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code GET /}: hello world with the time, as text or (on request) JSON. */
@Path("/")
public class HelloResource {
  private final Greeter greeter;

  HelloResource(Greeter greeter) {
    this.greeter = greeter;
  }

  @GET
  @NonBlocking // nothing here blocks: answer on the event loop, no worker-thread hop
  public Response hello(@Context HttpHeaders headers) {
    Greeting greeting = greeter.now();
    Response.ResponseBuilder response =
        Negotiation.prefersJson(headers)
            ? Response.ok(greeting, MediaType.APPLICATION_JSON_TYPE)
            : Response.ok(greeting.asText(), MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"));
    return response.header(HttpHeaders.VARY, HttpHeaders.ACCEPT).build();
  }
}
