package dev.day2.tileset;

import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.JtsAdapter;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.MvtEncoder;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.UserDataKeyValueMapConverter;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.model.JtsLayer;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.model.JtsMvt;
import io.github.sebasbaumh.mapbox.vectortile.build.MvtLayerParams;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

/** Clips buildings to one tile and encodes them as a gzip-compressed Mapbox Vector Tile. */
final class TileEncoder {
  static final String LAYER = "buildings";
  static final int EXTENT = 4096;

  /** How far (in tile units) geometry reaches past the tile edge, so strokes join seamlessly. */
  static final int BUFFER = 16;

  private static final MvtLayerParams PARAMS = new MvtLayerParams(EXTENT);
  private final GeometryFactory factory = new GeometryFactory();

  /** The tile's gzip MVT bytes, or null when no building is left after clipping. */
  byte[] encode(int z, long x, long y, List<Building> buildings) {
    Envelope tile = WebMercator.tileEnvelope(z, x, y);
    Envelope clip = new Envelope(tile);
    clip.expandBy(tile.getWidth() * BUFFER / EXTENT);
    List<Geometry> features = new ArrayList<>();
    for (Building building : buildings) {
      Geometry geometry =
          JtsAdapter.createTileGeom(building.projected(), tile, clip, factory, PARAMS, g -> true);
      for (int i = 0; i < geometry.getNumGeometries(); i++) {
        Geometry part = geometry.getGeometryN(i);
        if (!part.isEmpty()) {
          part.setUserData(building.properties());
          features.add(part);
        }
      }
    }
    if (features.isEmpty()) {
      return null;
    }
    JtsMvt mvt = new JtsMvt(new JtsLayer(LAYER, features, EXTENT));
    return gzip(MvtEncoder.encode(mvt, PARAMS, new UserDataKeyValueMapConverter("id")));
  }

  static byte[] gzip(byte[] raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 2 + 64);
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(raw);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
