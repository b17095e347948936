package dev.day2.tileset;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Writes a tileset as newline-delimited JSON, the format {@code bq load
 * --source_format=NEWLINE_DELIMITED_JSON} takes ({@code data} base64, as BigQuery wants BYTES).
 *
 * <pre>java -jar tileset-builder.jar [--geojson FILE] [--min-zoom 12] [--max-zoom 16] [--out FILE]
 * </pre>
 *
 * <p>{@code java -jar tileset-builder.jar seed} loads the bundled Monaco sample into the PostgreSQL
 * the DB_* variables name instead ({@link Seed}): exit 0 when it is there, 1 with one line when the
 * database fails, 2 on a bad argument.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws IOException {
    if (args.length > 0 && args[0].equals("seed")) {
      System.exit(seed(args, System.getenv()));
    }
    Path geoJson = null;
    Path out = null;
    int minZoom = TilesetBuilder.DEFAULT_MIN_ZOOM;
    int maxZoom = TilesetBuilder.DEFAULT_MAX_ZOOM;
    try {
      for (int i = 0; i < args.length; i++) {
        String value = i + 1 < args.length ? args[i + 1] : null;
        switch (args[i]) {
          case "--geojson" -> geoJson = Path.of(required(args[i], value));
          case "--out" -> out = Path.of(required(args[i], value));
          case "--min-zoom" -> minZoom = Integer.parseInt(required(args[i], value));
          case "--max-zoom" -> maxZoom = Integer.parseInt(required(args[i], value));
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
        i++;
      }
      List<Building> buildings;
      if (geoJson == null) {
        buildings = GeoJsonBuildings.monaco();
      } else {
        try (InputStream in = Files.newInputStream(geoJson)) {
          buildings = GeoJsonBuildings.read(in);
        }
      }
      Tileset tileset = new TilesetBuilder(minZoom, maxZoom, 4000).build(buildings);
      try (Writer writer =
          out == null
              ? new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))
              : Files.newBufferedWriter(out)) {
        writeNdjson(tileset, writer);
      }
      System.err.printf(
          "tileset %s: %d tiles at zooms %d-%d%n",
          tileset.version(), tileset.tiles().size(), minZoom, maxZoom);
    } catch (IllegalArgumentException e) {
      System.err.println("tileset-builder: " + e.getMessage());
      System.exit(2);
    }
  }

  /** {@code seed}: the exit code, after one line on standard error (or output when it worked). */
  static int seed(String[] args, Map<String, String> env) {
    if (args.length > 1) {
      System.err.println("tileset-builder seed: takes no options (it reads DB_* variables)");
      return 2;
    }
    String where =
        env.getOrDefault("DB_HOST", "localhost")
            + ":"
            + env.getOrDefault("DB_PORT", "5432")
            + "/"
            + env.getOrDefault("DB_NAME", "tiles");
    try {
      Seed.Outcome outcome = Seed.monaco(env);
      System.out.println(
          "tileset-builder seed: "
              + switch (outcome) {
                case LOADED -> "loaded the";
                case REPLACED -> "replaced an older";
                case ALREADY_THERE -> "found (and kept) the current";
              }
              + " Monaco sample (tileset "
              + TilesetTables.SAMPLE
              + ") in "
              + where);
      return 0;
    } catch (SQLException e) {
      System.err.println(
          "tileset-builder seed: PostgreSQL at " + where + " failed: " + oneLine(e.getMessage()));
      return 1;
    }
  }

  private static String oneLine(String message) {
    return message == null ? "(no message)" : message.replaceAll("\\s*\\n\\s*", " ").strip();
  }

  private static String required(String option, String value) {
    if (value == null) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return value;
  }

  static void writeNdjson(Tileset tileset, Writer writer) throws IOException {
    ObjectMapper json = new ObjectMapper();
    Base64.Encoder base64 = Base64.getEncoder();
    for (TileRow row : tileset.rows()) {
      ObjectNode line = json.createObjectNode();
      line.put("z", row.z());
      if (row.isMetadata()) {
        line.putNull("x").putNull("y").putNull("carto_partition");
      } else {
        line.put("x", row.x()).put("y", row.y()).put("carto_partition", row.cartoPartition());
      }
      line.put("data", base64.encodeToString(row.data()));
      writer.write(json.writeValueAsString(line));
      writer.write('\n');
    }
  }
}
