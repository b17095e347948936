package dev.day2.tileset;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The PostgreSQL layout of tilesets ({@code tables.sql} beside this class): {@code tileset_tiles}
 * holds every tileset's rows keyed by {@code (tileset, z, x, y)}, the metadata row at {@code z =
 * -1, x = 0, y = 0}; {@code osm_buildings} is the sample tileset's source table. The tiles service
 * reads them; {@code tileset-builder seed} creates and fills them.
 */
public final class TilesetTables {
  /** The table every tileset's rows live in. */
  public static final String TILES = "tileset_tiles";

  /** The sample tileset's id, and the name of its source table. */
  public static final String SAMPLE = "osm_buildings";

  private TilesetTables() {}

  /** The idempotent {@code CREATE TABLE IF NOT EXISTS} statements, comments removed. */
  public static List<String> createStatements() {
    try (InputStream in = TilesetTables.class.getResourceAsStream("tables.sql")) {
      if (in == null) {
        throw new IllegalStateException("tables.sql is missing from tileset-format");
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return Arrays.stream(text.replaceAll("(?m)^--.*$", "").split(";\\s*(\\n|$)"))
          .map(String::strip)
          .filter(s -> !s.isEmpty())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read tables.sql", e);
    }
  }
}
