package dev.day2.tileset;

import java.util.OptionalInt;

/**
 * How tiles are spread over {@code carto_partition} values, stored in the metadata row so a reader
 * computes a tile's partition without a scan (BigQuery then reads one partition only).
 *
 * <p>Every tile inside the tileset's bounding box gets a position: zoom by zoom from {@code zmin},
 * then column by column, then row by row. {@code partition = position * partitions / total}. The
 * box is given at {@code zmax}; at a lower zoom {@code z} it is the same box shifted right by
 * {@code zmax - z} bits.
 *
 * @param version content version of the tileset (changes whenever a tile changes)
 * @param partitions how many partitions, {@code 1..4000}
 */
public record Partitioning(
    String version,
    int partitions,
    int zmin,
    int zmax,
    long xmin,
    long xmax,
    long ymin,
    long ymax) {

  public Partitioning {
    if (partitions < 1 || zmin > zmax || xmin > xmax || ymin > ymax) {
      throw new IllegalArgumentException("inconsistent partitioning " + partitions);
    }
  }

  /** The tile's partition, or empty when the tile lies outside the tileset (it has no row). */
  public OptionalInt partitionOf(int z, long x, long y) {
    if (z < zmin || z > zmax) {
      return OptionalInt.empty();
    }
    int shift = zmax - z;
    long x0 = xmin >> shift;
    long y0 = ymin >> shift;
    if (x < x0 || x > xmax >> shift || y < y0 || y > ymax >> shift) {
      return OptionalInt.empty();
    }
    long position = tilesBelow(z) + (x - x0) * rows(z) + (y - y0);
    return OptionalInt.of((int) (position * partitions / tilesBelow(zmax + 1)));
  }

  private long rows(int z) {
    int shift = zmax - z;
    return (ymax >> shift) - (ymin >> shift) + 1;
  }

  private long columns(int z) {
    int shift = zmax - z;
    return (xmax >> shift) - (xmin >> shift) + 1;
  }

  /** How many tiles the box holds at the zooms below {@code z}. */
  private long tilesBelow(int z) {
    long count = 0;
    for (int zoom = zmin; zoom < z; zoom++) {
      count += columns(zoom) * rows(zoom);
    }
    return count;
  }
}
