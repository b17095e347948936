package dev.day2.preferences.migration;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies the Flyway migrations in {@code db/migration} to the database in {@link DbSettings}. The
 * one piece of code behind every migration entry point: {@code java -jar quarkus-run.jar migrate},
 * the migration Lambda, and (through Quarkus' Flyway extension, same scripts) start-up in dev and
 * tests.
 */
public final class Migrations {
  public static final String LOCATION = "classpath:db/migration";

  private Migrations() {}

  public static MigrationReport migrate(DbSettings settings) {
    Flyway flyway =
        Flyway.configure(Migrations.class.getClassLoader())
            .dataSource(
                settings.jdbcUrl("preferences-migrate"), settings.user(), settings.password())
            .locations(LOCATION)
            .connectRetries(2)
            .failOnMissingLocations(true)
            .load();
    MigrateResult result = flyway.migrate();
    String version =
        result.targetSchemaVersion != null
            ? result.targetSchemaVersion
            : flyway.info().current().getVersion().getVersion();
    return new MigrationReport(result.migrationsExecuted, version);
  }
}
