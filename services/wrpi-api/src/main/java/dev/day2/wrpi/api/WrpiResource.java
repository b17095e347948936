package dev.day2.wrpi.api;

import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.logging.Logger;

/** The original's two routes: {@code GET /} (the index) and {@code GET /v0/wrpi} (Basic auth). */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class WrpiResource {
  /** The original's 401 body, byte for byte. */
  static final String UNAUTHORIZED_BODY =
      "{\"error\":\"please authenticate to use this API\",\"error_code\":\"forbidden\"}";

  /** Logged once per failed request; deploy/host/fail2ban/filter.d/wrpi-api.conf matches it. */
  static final String AUTH_FAILURE = "wrpi-api auth failure from ";

  private static final Logger AUTH_LOG = Logger.getLogger("dev.day2.wrpi.api.auth");

  private final BasicAuth auth;
  private final WrpiStore store;

  WrpiResource(BasicAuth auth, WrpiStore store) {
    this.auth = auth;
    this.store = store;
  }

  @GET
  @NonBlocking
  public Index index() {
    return Index.INSTANCE;
  }

  @GET
  @Path("v0/wrpi")
  @NonBlocking // Redis is read without blocking: the event loop answers, no worker-thread hop
  public Uni<Response> wrpi(@Context HttpHeaders headers, @Context HttpServerRequest request) {
    if (!auth.accepts(headers.getHeaderString(HttpHeaders.AUTHORIZATION))) {
      AUTH_LOG.warn(AUTH_FAILURE + request.remoteAddress().hostAddress());
      return Uni.createFrom()
          .item(
              Response.status(Response.Status.UNAUTHORIZED)
                  .type(MediaType.APPLICATION_JSON_TYPE)
                  .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"wrpi\"")
                  .entity(UNAUTHORIZED_BODY)
                  .build());
    }
    return store.latest().map(reading -> Response.ok(reading).build());
  }

  /** {@code GET /}: what the original answered. */
  record Index(List<String> routes, String description) {
    static final Index INSTANCE =
        new Index(List.of("/v0/wrpi"), "randomising important numbers since 2021");
  }
}
