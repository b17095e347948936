package dev.day2.tileset;

/**
 * One row of a CARTO-style tileset table: {@code z, x, y, carto_partition, data}. The metadata row
 * has {@code z = -1}, x and y 0 here (NULL in BigQuery) and no partition.
 *
 * @param data a gzip-compressed Mapbox Vector Tile, or the metadata JSON for {@code z = -1}
 */
public record TileRow(int z, long x, long y, Integer cartoPartition, byte[] data) {
  public boolean isMetadata() {
    return z == -1;
  }
}
