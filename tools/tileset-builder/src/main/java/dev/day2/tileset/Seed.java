package dev.day2.tileset;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * {@code tileset-builder seed}: creates the tileset tables ({@link TilesetTables}) and loads the
 * bundled Monaco sample as tileset {@code osm_buildings}, with its source table. A job for dev
 * environments, {@code make run} and tests; production serves tilesets someone published to
 * BigQuery and never runs it.
 *
 * <p>Idempotent: a database that already holds this version of the sample is left alone; an older
 * version is replaced in the same transaction. Several seeds may run at once: a transaction-scoped
 * advisory lock lets one load while the others wait, then find the sample there.
 */
public final class Seed {
  /** The advisory lock key ("tiles"), held for the transaction. */
  static final long LOCK = 0x7469_6c65_73L;

  /** What a seed did. */
  public enum Outcome {
    LOADED,
    REPLACED,
    ALREADY_THERE
  }

  private Seed() {}

  /**
   * The JDBC URL and properties from the five DB_* variables every PostgreSQL-backed service reads
   * (defaults as in the tiles service: localhost, 5432, tiles, tiles, empty password).
   */
  static Connection connect(Map<String, String> env) throws SQLException {
    String url =
        "jdbc:postgresql://"
            + env.getOrDefault("DB_HOST", "localhost")
            + ":"
            + env.getOrDefault("DB_PORT", "5432")
            + "/"
            + env.getOrDefault("DB_NAME", "tiles");
    Properties props = new Properties();
    props.setProperty("user", env.getOrDefault("DB_USER", "tiles"));
    props.setProperty("password", env.getOrDefault("DB_PASSWORD", ""));
    props.setProperty("connectTimeout", "10");
    props.setProperty("ApplicationName", "tileset-builder seed");
    return DriverManager.getConnection(url, props);
  }

  /** Seeds the database the DB_* settings name with the Monaco sample. */
  public static Outcome monaco(Map<String, String> env) throws SQLException {
    try (Connection connection = connect(env)) {
      return load(
          connection,
          TilesetBuilder.monaco(),
          GeoJsonBuildings.monacoFeatures(),
          TilesetTables.SAMPLE);
    }
  }

  /**
   * Loads {@code tileset} as {@code id} and {@code features} into the source table, idempotently.
   */
  static Outcome load(
      Connection connection, Tileset tileset, List<BuildingFeature> features, String id)
      throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      Outcome outcome = loadInTransaction(connection, tileset, features, id);
      connection.commit();
      return outcome;
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  private static Outcome loadInTransaction(
      Connection c, Tileset tileset, List<BuildingFeature> features, String id)
      throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("SELECT pg_advisory_xact_lock(" + LOCK + ")");
      for (String create : TilesetTables.createStatements()) {
        s.execute(create);
      }
    }
    Outcome outcome = Outcome.LOADED;
    try (PreparedStatement q =
        c.prepareStatement("SELECT data FROM tileset_tiles WHERE tileset = ? AND z = -1")) {
      q.setString(1, id);
      try (ResultSet rs = q.executeQuery()) {
        if (rs.next()) {
          String present = version(rs.getBytes(1));
          if (present.equals(tileset.version())) {
            return Outcome.ALREADY_THERE;
          }
          outcome = Outcome.REPLACED;
        }
      }
    }
    try (PreparedStatement delete =
        c.prepareStatement("DELETE FROM tileset_tiles WHERE tileset = ?")) {
      delete.setString(1, id);
      delete.executeUpdate();
    }
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO tileset_tiles (tileset, z, x, y, carto_partition, data)"
                + " VALUES (?, ?, ?, ?, ?, ?)")) {
      for (TileRow row : tileset.rows()) {
        insert.setString(1, id);
        insert.setInt(2, row.z());
        insert.setLong(3, row.x());
        insert.setLong(4, row.y());
        if (row.cartoPartition() == null) {
          insert.setNull(5, Types.INTEGER);
        } else {
          insert.setInt(5, row.cartoPartition());
        }
        insert.setBytes(6, row.data());
        insert.addBatch();
      }
      insert.executeBatch();
    }
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO osm_buildings (id, osm_type, building, name, levels, height, geom)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?::jsonb)"
                + " ON CONFLICT (id) DO UPDATE SET osm_type = EXCLUDED.osm_type,"
                + " building = EXCLUDED.building, name = EXCLUDED.name,"
                + " levels = EXCLUDED.levels, height = EXCLUDED.height, geom = EXCLUDED.geom")) {
      for (BuildingFeature f : features) {
        insert.setLong(1, f.id());
        insert.setString(2, f.osmType());
        insert.setString(3, f.tags().get("building"));
        insert.setString(4, f.tags().get("name"));
        insert.setString(5, f.tags().get("building:levels"));
        insert.setString(6, f.tags().get("height"));
        insert.setString(7, f.geometry());
        insert.addBatch();
      }
      insert.executeBatch();
    }
    return outcome;
  }

  private static String version(byte[] metadata) {
    try {
      return TilesetMetadata.parse(metadata).partitioning().map(Partitioning::version).orElse("");
    } catch (IllegalArgumentException e) {
      return ""; // a broken metadata row: replace it
    }
  }
}
