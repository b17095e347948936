package dev.day2.preferences.migration;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;

/**
 * Makes the API's least-privilege login after the migrations (docs/adr/0095). Run by the migration
 * login, which owns the schema (it ran Flyway) and may create roles (RDS' master user may): the app
 * role gets CONNECT on the database, USAGE on the schema and SELECT, INSERT, UPDATE, DELETE on each
 * of the service's tables — not Flyway's history, no DDL, no TRUNCATE, nothing it could drop or
 * alter, since it owns nothing. Idempotent: run after every migration, it grants on tables a new
 * migration added. A role that exists keeps its password (Secrets Manager rotation owns it from
 * then on); a new one gets the secret's, sent as a SCRAM verifier so no statement log holds it.
 */
public final class AppRole {
  public static final String PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE";
  static final String FLYWAY_HISTORY = "flyway_schema_history";
  static final String CLONE = "_clone";

  private AppRole() {}

  /** Returns what it did, one line: "created" or "kept" the role, and the tables granted. */
  public static String ensure(DbSettings owner, AppLogin app) {
    try (Connection c =
        DriverManager.getConnection(
            owner.jdbcUrl("preferences-migrate"), owner.user(), owner.password())) {
      boolean created = false;
      if (!roleExists(c, app.user())) {
        execute(c, "CREATE ROLE " + quote(app.user()) + " LOGIN");
        c.unwrap(PGConnection.class)
            .alterUserPassword(app.user(), app.password().toCharArray(), "scram-sha-256");
        created = true;
      }
      // Secrets Manager's multi-user rotation alternates the secret between USER and USER_clone
      // (it makes the clone with the user's grants once); grant to both, so a table a later
      // migration adds is there whichever of the two the secret names.
      List<String> grantees = new ArrayList<>(List.of(app.user()));
      String sibling =
          app.user().endsWith(CLONE)
              ? app.user().substring(0, app.user().length() - CLONE.length())
              : app.user() + CLONE;
      if (roleExists(c, sibling)) {
        grantees.add(sibling);
      }
      String to = String.join(", ", grantees.stream().map(AppRole::quote).toList());
      String database = single(c, "SELECT current_database()");
      String schema = single(c, "SELECT current_schema()");
      execute(c, "GRANT CONNECT ON DATABASE " + quote(database) + " TO " + to);
      execute(c, "GRANT USAGE ON SCHEMA " + quote(schema) + " TO " + to);
      List<String> tables = new ArrayList<>();
      try (PreparedStatement list =
          c.prepareStatement(
              "SELECT tablename FROM pg_tables WHERE schemaname = ? AND tablename <> ?"
                  + " ORDER BY tablename")) {
        list.setString(1, schema);
        list.setString(2, FLYWAY_HISTORY);
        try (ResultSet rs = list.executeQuery()) {
          while (rs.next()) {
            tables.add(rs.getString(1));
          }
        }
      }
      for (String table : tables) {
        execute(
            c,
            "GRANT "
                + PRIVILEGES
                + " ON TABLE "
                + quote(schema)
                + "."
                + quote(table)
                + " TO "
                + to);
      }
      return (created ? "created" : "kept")
          + " login "
          + String.join(" and ", grantees)
          + " with "
          + PRIVILEGES
          + " on "
          + String.join(", ", tables);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot set up the app login " + app.user() + ": " + e.getMessage(), e);
    }
  }

  private static boolean roleExists(Connection c, String role) throws SQLException {
    try (PreparedStatement exists =
        c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
      exists.setString(1, role);
      try (ResultSet rs = exists.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static String single(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** A double-quoted identifier (AppLogin and PostgreSQL's own names only reach here). */
  static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }
}
