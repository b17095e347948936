package dev.day2.tiles;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** TileJSON 3.0.0 (https://github.com/mapbox/tilejson-spec/tree/master/3.0.0). */
record TileJson(
    String tilejson,
    String name,
    String version,
    String attribution,
    String scheme,
    List<String> tiles,
    int minzoom,
    int maxzoom,
    double[] bounds,
    double[] center,
    @JsonProperty("vector_layers") JsonNode vectorLayers) {

  static TileJson of(PublishedTileset tileset, String baseUrl, String attribution) {
    String url = baseUrl + "maps/tileset/" + tileset.id() + "/{z}/{x}/{y}?v=" + tileset.version();
    return new TileJson(
        "3.0.0",
        tileset.id(),
        "1.0.0",
        attribution,
        "xyz",
        List.of(url),
        tileset.metadata().minzoom(),
        tileset.metadata().maxzoom(),
        tileset.metadata().bounds(),
        tileset.metadata().center(),
        tileset.metadata().vectorLayers());
  }
}
