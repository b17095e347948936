package dev.day2.tiles;

import dev.day2.common.JsonErrors;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A failing tile store is a 503 JSON error marked {@code no-store}: the original API answered 204
 * here, which caches then kept as "no tile" long after the store recovered.
 */
class SourceErrors {
  private static final Logger LOG = Logger.getLogger(SourceErrors.class);

  @ServerExceptionMapper
  Response unavailable(SourceException e) {
    LOG.warn("tile source error: " + e.getMessage());
    Response response =
        JsonErrors.of(503, "source_unavailable", "the tile store is unavailable; retry later");
    response.getHeaders().putSingle(HttpHeaders.CACHE_CONTROL, CachePolicy.NO_STORE);
    response.getHeaders().putSingle("Retry-After", "5");
    return response;
  }
}
