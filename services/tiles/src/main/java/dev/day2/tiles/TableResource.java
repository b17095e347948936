package dev.day2.tiles;

import dev.day2.common.JsonErrors;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code GET /maps/table/{id}?geomField=geom&format=geojson}: a source table as a GeoJSON
 * FeatureCollection; {@code 413} when it would exceed {@code MAX_JSON_RESPONSE_SIZE}. Cacheable for
 * {@code TILES_TABLE_MAX_AGE} ({@link CachePolicy#table}); an unknown table is not.
 */
@Path("/maps/table/{id}")
public class TableResource {
  private final TableSource tables;
  private final long maxBytes;
  private final CachePolicy cache;

  TableResource(
      TableSource tables,
      @ConfigProperty(name = "tiles.max-json-response-size") long maxBytes,
      CachePolicy cache) {
    this.tables = tables;
    this.maxBytes = maxBytes;
    this.cache = cache;
  }

  @GET
  public Uni<Response> table(
      @PathParam("id") String id,
      @QueryParam("geomField") @DefaultValue("geom") String geomField,
      @QueryParam("format") @DefaultValue("geojson") String format) {
    Ids.require("table", id);
    if (!format.equals("geojson")) {
      throw new BadRequestException(
          "format must be geojson, got '" + TileAddress.clip(format) + "'");
    }
    if (!geomField.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
      throw new BadRequestException(
          "geomField must be a column name, got '" + TileAddress.clip(geomField) + "'");
    }
    if (!tables.has(id)) {
      Response unknown = JsonErrors.of(404, "unknown_table", "no table named '" + id + "'");
      unknown.getHeaders().putSingle(HttpHeaders.CACHE_CONTROL, CachePolicy.NO_STORE);
      return Uni.createFrom().item(unknown);
    }
    return tables
        .geoJson(id, geomField, maxBytes)
        .map(result ->
            switch (result) {
              case GeoJsonResult.Body body ->
                  Response.ok(body.bytes(), "application/geo+json")
                      .header(HttpHeaders.CACHE_CONTROL, cache.table())
                      .build();
              case GeoJsonResult.NoSuchColumn missing ->
                  JsonErrors.of(
                      400, "bad_request", "table '" + id + "' has no column '" + geomField + "'");
              case GeoJsonResult.TooLarge large ->
                  JsonErrors.of(
                      413,
                      "response_too_large",
                      "the GeoJSON exceeds MAX_JSON_RESPONSE_SIZE ("
                          + maxBytes
                          + " bytes); ask for a smaller table");
            });
  }
}
