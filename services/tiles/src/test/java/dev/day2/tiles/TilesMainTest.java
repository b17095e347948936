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
  void rejectsAnUnknownSource() {
    assertThat(TilesMain.firstProblem(Map.of("TILES_SOURCE", "mysql")::get))
        .hasValue("TILES_SOURCE must be postgres or bigquery, not 'mysql'");
  }
}
