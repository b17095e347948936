package dev.day2.tileset;

import java.util.List;

/**
 * A built tileset: the metadata row first, then the tile rows ordered by z, x, y.
 *
 * @param metadata what the metadata row ({@code z = -1}) holds
 */
public record Tileset(TilesetMetadata metadata, List<TileRow> rows) {
  public Tileset {
    rows = List.copyOf(rows);
  }

  /** The tile rows without the metadata row. */
  public List<TileRow> tiles() {
    return rows.stream().filter(r -> !r.isMetadata()).toList();
  }

  public String version() {
    return metadata.partitioning().map(Partitioning::version).orElse("");
  }
}
