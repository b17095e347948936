package dev.day2.tileset;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateFilter;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

/** Spherical Web Mercator (EPSG:3857) and the XYZ tile grid (y grows southwards, not TMS). */
public final class WebMercator {
  /** Half the width of the projected world in metres. */
  static final double ORIGIN = Math.PI * 6378137.0;

  /** The latitude limit of the grid. */
  public static final double MAX_LATITUDE = 85.0511287798066;

  private WebMercator() {}

  static double x(double lon) {
    return lon * ORIGIN / 180.0;
  }

  static double y(double lat) {
    double rad = Math.toRadians(lat);
    return Math.log(Math.tan(Math.PI / 4 + rad / 2)) * ORIGIN / Math.PI;
  }

  /** The tile column holding longitude {@code lon} at zoom {@code z}. */
  public static long tileX(double lon, int z) {
    long n = 1L << z;
    long x = (long) Math.floor((lon + 180.0) / 360.0 * n);
    return Math.clamp(x, 0, n - 1);
  }

  /** The tile row holding latitude {@code lat} at zoom {@code z}. */
  public static long tileY(double lat, int z) {
    long n = 1L << z;
    double rad = Math.toRadians(Math.clamp(lat, -MAX_LATITUDE, MAX_LATITUDE));
    double y = (1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2 * n;
    return Math.clamp((long) Math.floor(y), 0, n - 1);
  }

  /** The longitude of the west edge of column {@code x}. */
  public static double lon(long x, int z) {
    return x / (double) (1L << z) * 360.0 - 180.0;
  }

  /** The latitude of the north edge of row {@code y}. */
  public static double lat(long y, int z) {
    double n = Math.PI - 2 * Math.PI * y / (1L << z);
    return Math.toDegrees(Math.atan(Math.sinh(n)));
  }

  /** The tile's square in EPSG:3857 metres. */
  static Envelope tileEnvelope(int z, long x, long y) {
    double size = 2 * ORIGIN / (1L << z);
    double minX = -ORIGIN + x * size;
    double maxY = ORIGIN - y * size;
    return new Envelope(minX, minX + size, maxY - size, maxY);
  }

  /** Projects a WGS 84 (lon/lat) geometry to EPSG:3857 in place. */
  static Geometry project(Geometry lonLat) {
    lonLat.apply(
        (CoordinateFilter)
            (Coordinate c) -> {
              double lon = c.x;
              c.x = x(lon);
              c.y = y(c.y);
            });
    lonLat.geometryChanged();
    return lonLat;
  }
}
