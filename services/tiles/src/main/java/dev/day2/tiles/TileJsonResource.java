package dev.day2.tiles;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code GET /maps/tileset/{id}}: TileJSON 3.0.0. Its tile URL carries the tileset version ({@code
 * ?v=}), so a republished tileset gets new URLs and no cache serves old tiles under them.
 */
@Path("/maps/tileset/{id}")
public class TileJsonResource {
  private final TilesetCatalog catalog;
  private final CachePolicy cache;
  private final String attribution;

  TileJsonResource(
      TilesetCatalog catalog,
      CachePolicy cache,
      @ConfigProperty(name = "tiles.attribution") String attribution) {
    this.catalog = catalog;
    this.cache = cache;
    this.attribution = attribution;
  }

  @GET
  public Uni<Response> tileJson(
      @PathParam("id") String id,
      @Context UriInfo uri,
      @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
    Ids.require("tileset", id);
    String base = uri.getBaseUri().toString();
    return catalog
        .find(id)
        .map(found -> {
          if (found.isEmpty()) {
            return TileResource.unknown(id);
          }
          PublishedTileset tileset = found.get();
          String etag =
              "\"" + tileset.version() + "-tilejson-" + Integer.toHexString(base.hashCode()) + "\"";
          Response.ResponseBuilder builder =
              CachePolicy.matches(ifNoneMatch, etag)
                  ? Response.notModified()
                  : Response.ok(
                      TileJson.of(tileset, base, attribution), MediaType.APPLICATION_JSON_TYPE);
          return builder
              .header(HttpHeaders.CACHE_CONTROL, cache.tileJson())
              .header(HttpHeaders.ETAG, etag)
              .build();
        });
  }
}
