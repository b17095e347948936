package dev.day2.tileset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Optional;

/**
 * The metadata row ({@code z = -1}) of a CARTO-style tileset: a JSON document with {@code
 * vector_layers, minzoom, maxzoom, center, bounds, compression, tile_extent, carto_partition}.
 * Parsing is lenient because CARTO writes numbers and comma-separated lists as strings.
 *
 * @param bounds west, south, east, north in degrees
 * @param center longitude, latitude, zoom
 * @param partitioning absent for a table made by another tiler, whose partitions we cannot compute
 */
public record TilesetMetadata(
    JsonNode vectorLayers,
    int minzoom,
    int maxzoom,
    double[] bounds,
    double[] center,
    String compression,
    int tileExtent,
    Optional<Partitioning> partitioning) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public static TilesetMetadata parse(byte[] json) {
    try {
      JsonNode root = JSON.readTree(json);
      JsonNode partition = root.path("carto_partition");
      if (partition.isTextual()) {
        partition = JSON.readTree(partition.asText());
      }
      return new TilesetMetadata(
          root.path("vector_layers"),
          root.path("minzoom").asInt(0),
          root.path("maxzoom").asInt(0),
          numbers(root.path("bounds"), 4, new double[] {-180, -85.0511, 180, 85.0511}),
          numbers(root.path("center"), 3, new double[] {0, 0, 0}),
          root.path("compression").asText("gzip"),
          root.path("tile_extent").asInt(4096),
          partitioning(partition));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("the tileset metadata row is not valid JSON metadata", e);
    }
  }

  private static Optional<Partitioning> partitioning(JsonNode node) {
    if (!node.isObject() || !node.has("partitions") || !node.has("xmin")) {
      return Optional.empty();
    }
    return Optional.of(
        new Partitioning(
            node.path("version").asText(""),
            node.path("partitions").asInt(),
            node.path("zmin").asInt(),
            node.path("zmax").asInt(),
            node.path("xmin").asLong(),
            node.path("xmax").asLong(),
            node.path("ymin").asLong(),
            node.path("ymax").asLong()));
  }

  private static double[] numbers(JsonNode node, int count, double[] fallback) {
    double[] values = new double[count];
    if (node.isTextual()) {
      String[] parts = node.asText().split(",");
      if (parts.length != count) {
        return fallback;
      }
      for (int i = 0; i < count; i++) {
        values[i] = Double.parseDouble(parts[i].trim());
      }
      return values;
    }
    if (node.isArray() && node.size() == count) {
      for (int i = 0; i < count; i++) {
        values[i] = node.get(i).asDouble();
      }
      return values;
    }
    return fallback;
  }

  /** The JSON text stored in the metadata row. */
  public byte[] toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.set("vector_layers", vectorLayers);
    root.put("minzoom", minzoom);
    root.put("maxzoom", maxzoom);
    root.set("center", array(center));
    root.set("bounds", array(bounds));
    root.put("compression", compression);
    root.put("tile_extent", tileExtent);
    partitioning.ifPresent(p -> root.set("carto_partition", JSON.valueToTree(p)));
    try {
      return JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ArrayNode array(double[] values) {
    ArrayNode array = JSON.createArrayNode();
    for (double value : values) {
      array.add(value);
    }
    return array;
  }
}
