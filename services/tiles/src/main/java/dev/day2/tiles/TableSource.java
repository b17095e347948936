package dev.day2.tiles;

import io.smallrye.mutiny.Uni;

/** Source tables for {@code /maps/table/{id}}: only configured ids exist. */
interface TableSource {
  boolean has(String table);

  /** The table as GeoJSON; fails with a {@link SourceException} when the store fails. */
  Uni<GeoJsonResult> geoJson(String table, String geomField, long maxBytes);
}
