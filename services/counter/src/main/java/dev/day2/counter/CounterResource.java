package dev.day2.counter;

import dev.day2.common.Negotiation;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /}: one more visit. Probes live under {@code /q/health} and never count; nothing here
 * may be cached, or a cache would swallow visits.
 */
@Path("/")
public class CounterResource {
  private static final CacheControl NO_STORE = CacheControl.valueOf("no-store");

  private final Counter counter;

  CounterResource(Counter counter) {
    this.counter = counter;
  }

  /** The JSON answer. */
  record Seen(String message, long seen) {}

  @GET
  public Uni<Response> visit(@Context HttpHeaders headers) {
    boolean json = Negotiation.prefersJson(headers);
    return counter
        .increment()
        .map(seen ->
            (json
                    ? Response.ok(new Seen("Hello World!", seen), MediaType.APPLICATION_JSON)
                    : Response.ok(
                        "Hello World! I have been seen " + seen + " times.\n",
                        MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")))
                .cacheControl(NO_STORE)
                .header(HttpHeaders.VARY, HttpHeaders.ACCEPT)
                .build());
  }
}
