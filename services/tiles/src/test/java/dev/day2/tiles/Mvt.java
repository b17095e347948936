package dev.day2.tiles;

import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.MvtReader;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.TagKeyValueMapConverter;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.model.JtsMvt;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.locationtech.jts.geom.GeometryFactory;

/** Decodes tiles in tests with the same library's reader. */
final class Mvt {
  private Mvt() {}

  static JtsMvt decode(byte[] raw) {
    try {
      return MvtReader.loadMvt(
          new ByteArrayInputStream(raw),
          new GeometryFactory(),
          new TagKeyValueMapConverter(false, "id"),
          MvtReader.RING_CLASSIFIER_V2_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] gunzip(byte[] gzipped) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The names of the buildings in a raw (not gzipped) tile. */
  static List<Object> names(byte[] raw) {
    return decode(raw).getLayer("buildings").getGeometries().stream()
        .map(g -> ((Map<?, ?>) g.getUserData()).get("name"))
        .filter(n -> n != null)
        .map(n -> (Object) n)
        .toList();
  }
}
