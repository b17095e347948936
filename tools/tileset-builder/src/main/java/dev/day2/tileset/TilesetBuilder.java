package dev.day2.tileset;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.locationtech.jts.geom.Envelope;

/** Builds a CARTO-style tileset (gzip MVT per tile plus a metadata row) from buildings. */
public final class TilesetBuilder {
  public static final int DEFAULT_MIN_ZOOM = 12;
  public static final int DEFAULT_MAX_ZOOM = 16;

  private final int minZoom;
  private final int maxZoom;
  private final int maxPartitions;

  public TilesetBuilder(int minZoom, int maxZoom, int maxPartitions) {
    if (minZoom < 0 || maxZoom > 22 || minZoom > maxZoom || maxPartitions < 1) {
      throw new IllegalArgumentException("zooms must satisfy 0 <= min <= max <= 22");
    }
    this.minZoom = minZoom;
    this.maxZoom = maxZoom;
    this.maxPartitions = maxPartitions;
  }

  /** The Monaco sample at zooms 12-16. */
  public static Tileset monaco() {
    return new TilesetBuilder(DEFAULT_MIN_ZOOM, DEFAULT_MAX_ZOOM, 4000)
        .build(GeoJsonBuildings.monaco());
  }

  public Tileset build(List<Building> buildings) {
    if (buildings.isEmpty()) {
      throw new IllegalArgumentException("no buildings to tile");
    }
    Envelope bounds = new Envelope();
    buildings.forEach(b -> bounds.expandToInclude(b.lonLatBounds()));
    TileEncoder encoder = new TileEncoder();
    Map<TileKey, byte[]> tiles = new TreeMap<>();
    for (int z = minZoom; z <= maxZoom; z++) {
      for (Map.Entry<TileKey, List<Building>> tile : bucket(buildings, z).entrySet()) {
        TileKey key = tile.getKey();
        byte[] data = encoder.encode(key.z(), key.x(), key.y(), tile.getValue());
        if (data != null) {
          tiles.put(key, data);
        }
      }
    }
    Partitioning partitioning =
        new Partitioning(
            version(tiles),
            (int) Math.min(maxPartitions, tiles.size()),
            minZoom,
            maxZoom,
            WebMercator.tileX(bounds.getMinX(), maxZoom),
            WebMercator.tileX(bounds.getMaxX(), maxZoom),
            WebMercator.tileY(bounds.getMaxY(), maxZoom),
            WebMercator.tileY(bounds.getMinY(), maxZoom));
    TilesetMetadata metadata = metadata(bounds, partitioning);
    List<TileRow> rows = new ArrayList<>();
    rows.add(new TileRow(-1, 0, 0, null, metadata.toJson()));
    tiles.forEach((k, data) ->
        rows.add(
            new TileRow(
                k.z(),
                k.x(),
                k.y(),
                partitioning.partitionOf(k.z(), k.x(), k.y()).orElseThrow(),
                data)));
    return new Tileset(metadata, rows);
  }

  private static Map<TileKey, List<Building>> bucket(List<Building> buildings, int z) {
    Map<TileKey, List<Building>> byTile = new TreeMap<>();
    for (Building b : buildings) {
      Envelope e = b.lonLatBounds();
      for (long x = WebMercator.tileX(e.getMinX(), z);
          x <= WebMercator.tileX(e.getMaxX(), z);
          x++) {
        for (long y = WebMercator.tileY(e.getMaxY(), z);
            y <= WebMercator.tileY(e.getMinY(), z);
            y++) {
          byTile.computeIfAbsent(new TileKey(z, x, y), k -> new ArrayList<>()).add(b);
        }
      }
    }
    return byTile;
  }

  private TilesetMetadata metadata(Envelope bounds, Partitioning partitioning) {
    ObjectMapper json = new ObjectMapper();
    ObjectNode layer = json.createObjectNode();
    layer.put("id", TileEncoder.LAYER);
    layer.put("description", "OSM building footprints, © OpenStreetMap contributors (ODbL)");
    layer.put("minzoom", minZoom);
    layer.put("maxzoom", maxZoom);
    ObjectNode fields = layer.putObject("fields");
    fields.put("id", "Number");
    fields.put("osm_type", "String");
    GeoJsonBuildings.KEPT_TAGS.forEach(tag -> fields.put(tag, "String"));
    ArrayNode layers = json.createArrayNode().add(layer);
    double centerZoom = Math.min(maxZoom, Math.max(minZoom, 14));
    return new TilesetMetadata(
        layers,
        minZoom,
        maxZoom,
        new double[] {bounds.getMinX(), bounds.getMinY(), bounds.getMaxX(), bounds.getMaxY()},
        new double[] {bounds.centre().x, bounds.centre().y, centerZoom},
        "gzip",
        TileEncoder.EXTENT,
        Optional.of(partitioning));
  }

  /** A content hash of every tile: the same input always gives the same version. */
  private static String version(Map<TileKey, byte[]> tiles) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      tiles.forEach((k, data) -> {
        sha.update(ByteBuffer.allocate(20).putInt(k.z()).putLong(k.x()).putLong(k.y()).array());
        sha.update(data);
      });
      return HexFormat.of().formatHex(sha.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private record TileKey(int z, long x, long y) implements Comparable<TileKey> {
    @Override
    public int compareTo(TileKey o) {
      int c = Integer.compare(z, o.z);
      if (c == 0) {
        c = Long.compare(x, o.x);
      }
      return c != 0 ? c : Long.compare(y, o.y);
    }
  }
}
