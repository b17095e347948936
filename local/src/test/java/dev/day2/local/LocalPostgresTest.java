package dev.day2.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The runner's PostgreSQL decisions that need no server: ports, names, and what is passed on. */
class LocalPostgresTest {
  private static RunnerConfig config(Map<String, String> env) {
    return RunnerConfig.fromEnvironment(Path.of("/repo"), env);
  }

  @Test
  void startsItsOwnPostgresOn5432UnlessToldOtherwise() {
    assertThat(config(Map.of()).externalPostgres()).isFalse();
    assertThat(config(Map.of()).postgresPort()).isEqualTo(5432);
    assertThat(config(Map.of("LOCAL_POSTGRES_PORT", "15432")).postgresPort()).isEqualTo(15432);
    assertThat(config(Map.of("PORT_OFFSET", "100")).postgresPort()).isEqualTo(5532);
  }

  @Test
  void rejectsAPortThatIsNotANumberNamingTheVariable() {
    assertThatThrownBy(() -> config(Map.of("LOCAL_POSTGRES_PORT", "pg")).postgresPort())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("LOCAL_POSTGRES_PORT");
  }

  @Test
  void usesTheUsersPostgresWhenDbHostIsSet() {
    assertThat(config(Map.of("DB_HOST", "db.example")).externalPostgres()).isTrue();
    assertThat(config(Map.of("DB_HOST", " ")).externalPostgres()).isFalse();
  }

  @Test
  void passesTheUsersVariablesOnAndNamesTheDatabaseAfterTheService() {
    Map<String, String> user =
        Map.of(
            "DB_HOST", "db.example",
            "DB_PORT", "6432",
            "DB_USER", "app",
            "DB_PASSWORD", "secret",
            "UNRELATED", "x");
    assertThat(LocalPostgres.external(user, "preferences"))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "DB_HOST", "db.example",
                "DB_PORT", "6432",
                "DB_NAME", "preferences",
                "DB_USER", "app",
                "DB_PASSWORD", "secret"));
  }

  @Test
  void keepsTheUsersDatabaseNameWhenGiven() {
    assertThat(LocalPostgres.external(Map.of("DB_HOST", "h", "DB_NAME", "shared"), "tiles"))
        .containsEntry("DB_NAME", "shared");
  }

  @Test
  void databaseNamesAreTheServiceNamesMadeSqlSafe() {
    assertThat(LocalPostgres.databaseName("preferences")).isEqualTo("preferences");
    assertThat(LocalPostgres.databaseName("tiles")).isEqualTo("tiles");
    assertThat(LocalPostgres.databaseName("wrpi-api")).isEqualTo("wrpi_api");
  }

  @Test
  void givesEachServiceExactlyTheFiveVariables() {
    assertThat(LocalPostgres.env("127.0.0.1", 5432, "tiles", "tiles", "pw"))
        .containsOnlyKeys(LocalPostgres.VARIABLES);
  }

  @Test
  void preferencesNeedsPostgresAndMigratesBeforeServing() {
    ServiceSpec preferences =
        Services.all().stream()
            .filter(s -> s.name().equals("preferences"))
            .findFirst()
            .orElseThrow();
    assertThat(preferences.stores())
        .containsExactlyInAnyOrder(ServiceSpec.Store.POSTGRES, ServiceSpec.Store.TOKEN_ISSUER);
    assertThat(preferences.port()).isEqualTo(8084);
    assertThat(preferences.env().apply(0)).containsEntry("DB_MIGRATE_AT_START", "true");
  }
}
