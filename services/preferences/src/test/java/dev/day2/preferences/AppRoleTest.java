package dev.day2.preferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.day2.postgres.testing.TestPostgres;
import dev.day2.preferences.migration.AppLogin;
import dev.day2.preferences.migration.AppRole;
import dev.day2.preferences.migration.DbSettings;
import dev.day2.preferences.migration.Migrations;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The API's login can do what the API does and nothing else (ADR 0095), on a real PostgreSQL: the
 * migration login owns the schema (it ran Flyway) and may create roles, as RDS' master user may;
 * the app login it makes reads and writes rows but cannot drop, alter, truncate or create, and
 * cannot touch Flyway's history.
 */
class AppRoleTest {
  private Map<String, String> owner;
  private DbSettings ownerSettings;
  private AppLogin app;

  @BeforeEach
  void migrateAsTheOwner() {
    owner = TestPostgres.newDatabase("approle");
    TestPostgres.execute("ALTER ROLE " + owner.get("DB_USER") + " CREATEROLE");
    ownerSettings = DbSettings.from(owner::get);
    Migrations.migrate(ownerSettings);
    app = new AppLogin(owner.get("DB_NAME") + "_app", UUID.randomUUID().toString());
  }

  private Connection asApp() throws SQLException {
    return DriverManager.getConnection(
        ownerSettings.jdbcUrl("approle-test"), app.user(), app.password());
  }

  private static void run(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  @Test
  void theAppLoginReadsAndWritesRows() throws SQLException {
    assertThat(AppRole.ensure(ownerSettings, app))
        .isEqualTo(
            "created login "
                + app.user()
                + " with SELECT, INSERT, UPDATE, DELETE on preference, preference_event");
    try (Connection c = asApp()) {
      run(c, "INSERT INTO preference VALUES ('u1', 'ads', true, now())");
      run(c, "UPDATE preference SET enabled = false WHERE user_id = 'u1'");
      run(c, "SELECT * FROM preference");
      run(
          c,
          "INSERT INTO preference VALUES ('u1', 'ads', true, now())"
              + " ON CONFLICT (user_id, purpose) DO UPDATE SET enabled = EXCLUDED.enabled");
      run(c, "DELETE FROM preference WHERE user_id = 'u1'");
      // the history's trigger runs as the app login and names it; its rows are never rewritten
      try (Statement s = c.createStatement();
          java.sql.ResultSet rs =
              s.executeQuery(
                  "SELECT string_agg(coalesce(enabled::text, 'removed') || ' by ' || changed_by,"
                      + " ', ' ORDER BY id) FROM preference_event WHERE user_id = 'u1'")) {
        rs.next();
        String by = " by db:" + app.user();
        assertThat(rs.getString(1))
            .isEqualTo("true" + by + ", false" + by + ", true" + by + ", removed" + by);
      }
      assertThatThrownBy(() -> run(c, "UPDATE preference_event SET enabled = NULL"))
          .hasMessageContaining("append-only");
      run(c, "DELETE FROM preference_event WHERE user_id = 'u1'");
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "DROP TABLE preference",
        "ALTER TABLE preference ADD COLUMN note text",
        "TRUNCATE preference",
        "CREATE TABLE mine (id int)",
        "CREATE INDEX ON preference (enabled)",
        "SELECT * FROM flyway_schema_history",
        "DELETE FROM flyway_schema_history",
        "CREATE ROLE another",
        "ALTER TABLE preference OWNER TO CURRENT_USER",
        "COMMENT ON TABLE preference IS 'mine now'",
        "ALTER TABLE preference DISABLE TRIGGER preference_history",
        "DROP TRIGGER preference_event_append_only ON preference_event",
        "TRUNCATE preference_event"
      })
  void theAppLoginCannotChangeTheSchemaOrTheHistory(String sql) throws SQLException {
    AppRole.ensure(ownerSettings, app);
    try (Connection c = asApp()) {
      assertThatThrownBy(() -> run(c, sql))
          .isInstanceOf(SQLException.class)
          .satisfies(e ->
              assertThat(((SQLException) e).getSQLState())
                  .as(sql)
                  .isIn("42501", "42P17")); // insufficient_privilege / not the owner
    }
  }

  @Test
  void aSecondRunKeepsTheRoleAndGrantsOnNewTables() throws SQLException {
    AppRole.ensure(ownerSettings, app);
    try (Connection c = TestPostgres.connect(owner.get("DB_NAME"))) {
      run(c, "SET ROLE " + owner.get("DB_USER"));
      run(c, "CREATE TABLE purpose_text (purpose varchar(128) PRIMARY KEY, text text)");
    }
    assertThat(AppRole.ensure(ownerSettings, new AppLogin(app.user(), "ignored-new-password")))
        .isEqualTo(
            "kept login "
                + app.user()
                + " with SELECT, INSERT, UPDATE, DELETE on preference, preference_event,"
                + " purpose_text");
    try (Connection c = asApp()) {
      run(c, "INSERT INTO purpose_text VALUES ('ads', 'Ads')");
    }
  }

  /** Multi-user rotation alternates the secret between USER and USER_clone: both get the grants. */
  @Test
  void theRotationsCloneGetsTheSameGrants() throws SQLException {
    AppRole.ensure(ownerSettings, app);
    String clone = app.user() + "_clone";
    String password = UUID.randomUUID().toString();
    TestPostgres.execute("CREATE ROLE " + clone + " LOGIN PASSWORD '" + password + "'");
    assertThat(AppRole.ensure(ownerSettings, app))
        .startsWith("kept login " + app.user() + " and " + clone + " with ");
    try (Connection c =
        DriverManager.getConnection(ownerSettings.jdbcUrl("approle-test"), clone, password)) {
      run(c, "INSERT INTO preference VALUES ('u2', 'ads', true, now())");
      assertThatThrownBy(() -> run(c, "DROP TABLE preference")).isInstanceOf(SQLException.class);
    }
  }

  @Test
  void theMigrateCommandMakesTheAppLoginWhenAsked() {
    Map<String, String> settings = new HashMap<>(owner);
    settings.put("APP_DB_USER", app.user());
    settings.put("APP_DB_PASSWORD", app.password());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        MigrateCommand.run(
            settings::get,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("migrate: created login " + app.user())
        .doesNotContain(app.password());
  }

  @Test
  void anUnsafeUserNameIsRefusedBeforeAnySql() {
    assertThatThrownBy(() -> new AppLogin("app\"; DROP TABLE preference; --", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must match");
  }
}
