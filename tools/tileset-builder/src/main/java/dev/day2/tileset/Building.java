package dev.day2.tileset;

import java.util.Map;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

/**
 * One building footprint.
 *
 * @param lonLatBounds its bounding box in WGS 84 degrees
 * @param projected its footprint in EPSG:3857 metres
 * @param properties the attributes that go into the tile (id, building, name, ...)
 */
record Building(Envelope lonLatBounds, Geometry projected, Map<String, Object> properties) {}
