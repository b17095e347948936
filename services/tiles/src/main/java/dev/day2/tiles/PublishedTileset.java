package dev.day2.tiles;

import dev.day2.tileset.Partitioning;
import dev.day2.tileset.TilesetMetadata;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.OptionalInt;

/**
 * A tileset as the API serves it: its metadata and the version that goes into ETags and TileJSON
 * URLs. The version is the builder's content hash when the metadata has one, otherwise a hash of
 * the metadata row (a table made by another tiler).
 */
record PublishedTileset(String id, TilesetMetadata metadata, String version) {

  static PublishedTileset of(String id, byte[] metadataJson) {
    TilesetMetadata metadata = TilesetMetadata.parse(metadataJson);
    String version =
        metadata
            .partitioning()
            .map(Partitioning::version)
            .filter(v -> v.matches("[A-Za-z0-9._-]{1,64}"))
            .orElseGet(() -> hash(metadataJson));
    return new PublishedTileset(id, metadata, version);
  }

  /**
   * The tile's partition; empty when the tileset's partitioning is unknown (read without the
   * partition filter).
   */
  OptionalInt partitionOf(TileAddress tile) {
    return metadata
        .partitioning()
        .map(p -> p.partitionOf(tile.z(), tile.x(), tile.y()))
        .orElse(OptionalInt.empty());
  }

  /** True when the metadata proves the tile has no row (outside the zooms or the bounding box). */
  boolean certainlyEmpty(TileAddress tile) {
    return metadata
        .partitioning()
        .map(p -> p.partitionOf(tile.z(), tile.x(), tile.y()).isEmpty())
        .orElse(tile.z() < metadata.minzoom() || tile.z() > metadata.maxzoom());
  }

  /** The strong ETag of one tile in one encoding. */
  String etag(TileAddress tile, boolean gzip) {
    return "\""
        + version
        + "-"
        + tile.z()
        + "-"
        + tile.x()
        + "-"
        + tile.y()
        + (gzip ? "" : "-raw")
        + "\"";
  }

  String tileJsonEtag() {
    return "\"" + version + "-tilejson\"";
  }

  private static String hash(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
