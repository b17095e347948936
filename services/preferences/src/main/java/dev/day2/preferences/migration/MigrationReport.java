package dev.day2.preferences.migration;

/**
 * What a migration run did: how many migrations it applied and the schema version it left.
 *
 * @param applied migrations applied by this run (0 when the schema was already current)
 * @param schemaVersion the schema version after the run, e.g. {@code 1}
 */
public record MigrationReport(int applied, String schemaVersion) {
  /** One line for logs and the pipeline. */
  public String summary() {
    return applied == 0
        ? "schema is up to date at version " + schemaVersion
        : "applied " + applied + " migration(s); schema is at version " + schemaVersion;
  }
}
