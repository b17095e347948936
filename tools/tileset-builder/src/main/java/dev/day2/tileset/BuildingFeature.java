package dev.day2.tileset;

import java.util.Map;

/**
 * A source feature as it came: the OSM id and type, the kept tags and the GeoJSON geometry text in
 * WGS 84. The tiles service loads these into its source table for {@code /maps/table/{id}}.
 */
public record BuildingFeature(long id, String osmType, Map<String, String> tags, String geometry) {}
