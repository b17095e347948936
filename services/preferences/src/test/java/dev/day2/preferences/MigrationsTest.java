package dev.day2.preferences;

import static org.assertj.core.api.Assertions.assertThat;

import dev.day2.postgres.testing.TestPostgres;
import dev.day2.preferences.migration.DbSettings;
import dev.day2.preferences.migration.MigrationReport;
import dev.day2.preferences.migration.Migrations;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The migrate entry point against a real, empty PostgreSQL. */
class MigrationsTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int migrate(Map<String, String> settings) {
    return MigrateCommand.run(
        settings::get,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void migratesAnEmptyDatabaseThenASecondRunChangesNothing() throws SQLException {
    Map<String, String> db = TestPostgres.newDatabase("migrate");
    MigrationReport first = Migrations.migrate(DbSettings.from(db::get));
    assertThat(first.applied()).isGreaterThanOrEqualTo(1);
    assertThat(tableCount(db)).isEqualTo(1);
    int historyRows = historyRows(db);

    MigrationReport second = Migrations.migrate(DbSettings.from(db::get));
    assertThat(second.applied()).isZero();
    assertThat(second.schemaVersion()).isEqualTo(first.schemaVersion());
    assertThat(second.summary()).startsWith("schema is up to date at version ");
    assertThat(historyRows(db)).isEqualTo(historyRows);
  }

  /**
   * V2 (the consent history, ADR 0137) on a database that already holds preferences: the history
   * starts with one event per stored preference, at its updated_at, made by the migration.
   */
  @Test
  void theHistoryStartsWithThePreferencesStoredBeforeIt() throws SQLException {
    Map<String, String> db = TestPostgres.newDatabase("migrate");
    DbSettings settings = DbSettings.from(db::get);
    org.flywaydb.core.Flyway.configure(Migrations.class.getClassLoader())
        .dataSource(settings.jdbcUrl("migrations-test"), settings.user(), settings.password())
        .locations(Migrations.LOCATION)
        .target("1")
        .load()
        .migrate();
    try (Connection c = TestPostgres.connect(db.get("DB_NAME"))) {
      c.createStatement()
          .execute(
              "INSERT INTO preference VALUES ('u1', 'ads', true, '2026-01-02T03:04:05Z'),"
                  + " ('u1', 'email', false, '2026-02-03T04:05:06Z')");
    }

    Migrations.migrate(settings);

    assertThat(
            count(
                db,
                "SELECT count(*) FROM preference_event e JOIN preference p USING (user_id, purpose)"
                    + " WHERE e.enabled = p.enabled AND e.changed_at = p.updated_at"
                    + " AND e.changed_by = 'migration:V2'"))
        .isEqualTo(2);
    assertThat(count(db, "SELECT count(*) FROM preference_event")).isEqualTo(2);
  }

  @Test
  void commandExitsZeroWithOneLine() {
    Map<String, String> db = TestPostgres.newDatabase("migrate");
    assertThat(migrate(db)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .matches("migrate: applied \\d+ migration\\(s\\); schema is at version \\d+\\R");
  }

  @Test
  void commandRefusesToRunWithoutARequiredVariable() {
    Map<String, String> db = new HashMap<>(TestPostgres.newDatabase("migrate"));
    db.remove("DB_PASSWORD");
    assertThat(migrate(db)).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("migrate: DB_PASSWORD is required\n");
  }

  @Test
  void commandRejectsABadPort() {
    Map<String, String> db = new HashMap<>(TestPostgres.newDatabase("migrate"));
    db.put("DB_PORT", "five");
    assertThat(migrate(db)).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("DB_PORT must be a port number");
  }

  @Test
  void commandFailsWithOneLineWhenTheDatabaseIsMissing() {
    Map<String, String> db = new HashMap<>(TestPostgres.newDatabase("migrate"));
    db.put("DB_NAME", "no_such_database");
    assertThat(migrate(db)).isEqualTo(1);
    String message = err.toString(StandardCharsets.UTF_8);
    assertThat(message.lines()).hasSize(1);
    assertThat(message).startsWith("migrate: failed on DbSettings[").contains("no_such_database");
    assertThat(message).doesNotContain(db.get("DB_PASSWORD"));
  }

  private static int tableCount(Map<String, String> db) throws SQLException {
    return count(
        db, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'preference'");
  }

  private static int historyRows(Map<String, String> db) throws SQLException {
    return count(db, "SELECT count(*) FROM flyway_schema_history");
  }

  private static int count(Map<String, String> db, String sql) throws SQLException {
    try (Connection c = TestPostgres.connect(db.get("DB_NAME"));
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
