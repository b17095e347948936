package dev.day2.tileset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;

/** Reads building footprints from a GeoJSON FeatureCollection of (Multi)Polygons. */
public final class GeoJsonBuildings {
  /** The bundled sample: 1,207 Monaco buildings, © OpenStreetMap contributors, ODbL 1.0. */
  public static final String MONACO = "/osm-buildings/monaco-buildings.geojson";

  /** The OSM tags kept as tile attributes (besides {@code id} and {@code osm_type}). */
  static final List<String> KEPT_TAGS = List.of("building", "name", "building:levels", "height");

  private static final GeometryFactory FACTORY = new GeometryFactory();

  private GeoJsonBuildings() {}

  /** The bundled Monaco sample. */
  public static List<Building> monaco() {
    try (InputStream in = GeoJsonBuildings.class.getResourceAsStream(MONACO)) {
      if (in == null) {
        throw new IllegalStateException(MONACO + " is missing from the classpath");
      }
      return read(in);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + MONACO + ": " + e.getMessage(), e);
    }
  }

  /** The bundled Monaco sample as source rows: id, type, kept tags and GeoJSON geometry. */
  public static List<BuildingFeature> monacoFeatures() {
    try (InputStream in = GeoJsonBuildings.class.getResourceAsStream(MONACO)) {
      if (in == null) {
        throw new IllegalStateException(MONACO + " is missing from the classpath");
      }
      JsonNode root = new ObjectMapper().readTree(in);
      List<BuildingFeature> features = new ArrayList<>();
      for (JsonNode feature : root.path("features")) {
        JsonNode props = feature.path("properties");
        Map<String, String> tags = new LinkedHashMap<>();
        for (String tag : KEPT_TAGS) {
          if (props.hasNonNull(tag)) {
            tags.put(tag, props.get(tag).asText());
          }
        }
        features.add(
            new BuildingFeature(
                props.path("@id").asLong(),
                props.path("@type").asText("way"),
                tags,
                feature.path("geometry").toString()));
      }
      return features;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + MONACO + ": " + e.getMessage(), e);
    }
  }

  static List<Building> read(InputStream geoJson) throws IOException {
    JsonNode root = new ObjectMapper().readTree(geoJson);
    List<Building> buildings = new ArrayList<>();
    for (JsonNode feature : root.path("features")) {
      Geometry lonLat = geometry(feature.path("geometry"));
      if (lonLat == null || lonLat.isEmpty()) {
        continue;
      }
      buildings.add(
          new Building(
              lonLat.getEnvelopeInternal(),
              WebMercator.project(lonLat.copy()),
              properties(feature.path("properties"))));
    }
    return buildings;
  }

  private static Map<String, Object> properties(JsonNode props) {
    Map<String, Object> kept = new LinkedHashMap<>();
    kept.put("id", props.path("@id").asLong());
    kept.put("osm_type", props.path("@type").asText("way"));
    for (String tag : KEPT_TAGS) {
      JsonNode value = props.get(tag);
      if (value != null && !value.isNull()) {
        kept.put(tag, value.asText());
      }
    }
    return kept;
  }

  private static Geometry geometry(JsonNode node) {
    String type = node.path("type").asText();
    return switch (type) {
      case "Polygon" -> polygon(node.path("coordinates"));
      case "MultiPolygon" -> {
        List<Polygon> polygons = new ArrayList<>();
        for (JsonNode polygon : node.path("coordinates")) {
          polygons.add(polygon(polygon));
        }
        yield FACTORY.createMultiPolygon(polygons.toArray(Polygon[]::new));
      }
      default -> null;
    };
  }

  private static Polygon polygon(JsonNode rings) {
    LinearRing shell = ring(rings.get(0));
    LinearRing[] holes = new LinearRing[rings.size() - 1];
    for (int i = 1; i < rings.size(); i++) {
      holes[i - 1] = ring(rings.get(i));
    }
    return FACTORY.createPolygon(shell, holes);
  }

  private static LinearRing ring(JsonNode points) {
    Coordinate[] coordinates = new Coordinate[points.size()];
    for (int i = 0; i < points.size(); i++) {
      coordinates[i] =
          new Coordinate(points.get(i).get(0).asDouble(), points.get(i).get(1).asDouble());
    }
    return FACTORY.createLinearRing(coordinates);
  }
}
