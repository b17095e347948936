package dev.day2.tiles;

import dev.day2.common.JsonErrors;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/**
 * {@code GET /maps/tileset/{id}/{z}/{x}/{y}}: one gzip MVT tile, sent as stored when the client
 * accepts gzip. Runs on the event loop: the metadata is in memory and the tile read is reactive.
 */
@Path("/maps/tileset/{id}/{z}/{x}/{y}")
public class TileResource {
  static final String MVT = "application/vnd.mapbox-vector-tile";

  private final TilesetCatalog catalog;
  private final TileSource source;
  private final CachePolicy cache;

  TileResource(TilesetCatalog catalog, TileSource source, CachePolicy cache) {
    this.catalog = catalog;
    this.source = source;
    this.cache = cache;
  }

  @GET
  public Uni<Response> tile(
      @PathParam("id") String id,
      @PathParam("z") String z,
      @PathParam("x") String x,
      @PathParam("y") String y,
      @QueryParam("v") String version,
      @HeaderParam(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding,
      @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
    Ids.require("tileset", id);
    TileAddress tile = TileAddress.parse(z, x, y);
    if (version != null && !version.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new BadRequestException("v must be a tileset version (letters, digits, . _ -)");
    }
    boolean gzip = Encodings.acceptsGzip(acceptEncoding);
    return catalog
        .find(id)
        .chain(found ->
            found.isEmpty()
                ? Uni.createFrom().item(unknown(id))
                : answer(found.get(), tile, gzip, ifNoneMatch));
  }

  private Uni<Response> answer(
      PublishedTileset tileset, TileAddress tile, boolean gzip, String ifNoneMatch) {
    String etag = tileset.etag(tile, gzip);
    if (CachePolicy.matches(ifNoneMatch, etag)) {
      return Uni.createFrom().item(cacheable(Response.notModified(), etag));
    }
    if (tileset.certainlyEmpty(tile)) {
      return Uni.createFrom().item(cacheable(Response.noContent(), etag));
    }
    return source
        .tile(tileset.id(), tile, tileset.partitionOf(tile))
        .map(data -> tileResponse(data, gzip, etag));
  }

  private Response tileResponse(Optional<byte[]> data, boolean gzip, String etag) {
    if (data.isEmpty()) {
      return cacheable(Response.noContent(), etag);
    }
    Response.ResponseBuilder ok =
        gzip
            ? Response.ok(data.get(), MVT).header("Content-Encoding", "gzip")
            : Response.ok(Encodings.gunzip(data.get()), MVT);
    return cacheable(ok, etag);
  }

  private Response cacheable(Response.ResponseBuilder builder, String etag) {
    return builder
        .header(HttpHeaders.CACHE_CONTROL, cache.tiles())
        .header(HttpHeaders.ETAG, etag)
        .header(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING)
        .build();
  }

  static Response unknown(String id) {
    Response response = JsonErrors.of(404, "unknown_tileset", "no tileset named '" + id + "'");
    response.getHeaders().putSingle(HttpHeaders.CACHE_CONTROL, CachePolicy.NO_STORE);
    return response;
  }
}
