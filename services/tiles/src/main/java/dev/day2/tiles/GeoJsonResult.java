package dev.day2.tiles;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** What a table source answers for {@code /maps/table/{id}}. */
sealed interface GeoJsonResult {
  record Body(byte[] bytes) implements GeoJsonResult {}

  record NoSuchColumn() implements GeoJsonResult {}

  record TooLarge() implements GeoJsonResult {}

  /** Writes a FeatureCollection feature by feature and gives up as soon as it exceeds the limit. */
  final class Writer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final long maxBytes;
    private boolean first = true;

    Writer(long maxBytes) {
      this.maxBytes = maxBytes;
      write("{\"type\":\"FeatureCollection\",\"features\":[");
    }

    /** Adds one feature (geometry and properties as JSON text); false once over the limit. */
    boolean add(String geometryJson, String propertiesJson) {
      write(first ? "" : ",");
      first = false;
      write("{\"type\":\"Feature\",\"geometry\":");
      write(geometryJson == null ? "null" : geometryJson);
      write(",\"properties\":");
      write(propertiesJson == null ? "{}" : propertiesJson);
      write("}");
      return out.size() <= maxBytes;
    }

    GeoJsonResult finish() {
      write("]}");
      return out.size() > maxBytes ? new TooLarge() : new Body(out.toByteArray());
    }

    private void write(String text) {
      out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
  }
}
