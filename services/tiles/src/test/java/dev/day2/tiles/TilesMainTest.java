package dev.day2.tiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TilesMainTest {
  @Test
  void postgresNeedsItsConnectionSettings() {
    Map<String, String> env = Map.of("DB_HOST", "db", "DB_USER", "tiles");
    assertThat(TilesMain.firstProblem(env::get))
        .hasValue("DB_PASSWORD is required when TILES_SOURCE=postgres (see the README)");
    assertThat(
            TilesMain.firstProblem(
                Map.of("DB_HOST", "db", "DB_USER", "u", "DB_PASSWORD", "p")::get))
        .isEmpty();
  }

  @Test
  void bigQueryNeedsAProject() {
    assertThat(TilesMain.firstProblem(Map.of("TILES_SOURCE", "bigquery")::get))
        .hasValue("TILES_BIGQUERY_PROJECT is required when TILES_SOURCE=bigquery (see the README)");
  }

  @Test
  void storeTimeoutsMustBeDurationsAboveZero() {
    Map<String, String> db = Map.of("DB_HOST", "db", "DB_USER", "u", "DB_PASSWORD", "p");
    Map<String, String> zero = new java.util.HashMap<>(db);
    zero.put("TILES_SOURCE_TIMEOUT", "0s");
    assertThat(TilesMain.firstProblem(zero::get))
        .hasValue(
            "TILES_SOURCE_TIMEOUT must be a duration above zero such as 5s or 500ms, got \"0s\"");
    Map<String, String> word = new java.util.HashMap<>(db);
    word.put("TILES_TABLE_TIMEOUT", "long");
    assertThat(TilesMain.firstProblem(word::get))
        .get()
        .asString()
        .startsWith("TILES_TABLE_TIMEOUT");
    Map<String, String> fine = new java.util.HashMap<>(db);
    fine.put("TILES_SOURCE_TIMEOUT", "500ms");
    fine.put("TILES_TABLE_TIMEOUT", "PT20S");
    assertThat(TilesMain.firstProblem(fine::get)).isEmpty();
  }

  @Test
  void rejectsAnUnknownSource() {
    assertThat(TilesMain.firstProblem(Map.of("TILES_SOURCE", "mysql")::get))
        .hasValue("TILES_SOURCE must be postgres or bigquery, not 'mysql'");
  }
}
