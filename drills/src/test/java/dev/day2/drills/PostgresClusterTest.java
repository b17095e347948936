package dev.day2.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How the operator (and the drill) finds the moment to restore to in PostgreSQL's log. */
class PostgresClusterTest {
  @Test
  void theRestoreTargetIsTheLoggedStartOfTheDrop() {
    List<String> log =
        List.of(
            "2026-11-30 10:41:59.870 UTC [811] LOG:  checkpoint complete: wrote 3 buffers",
            "2026-11-30 10:42:07.123 UTC [902] LOG:  statement: DROP TABLE preference",
            "2026-11-30 10:42:09.000 UTC [903] LOG:  statement: DROP TABLE other");
    assertThat(PostgresCluster.dropTableMoment(log)).isEqualTo("2026-11-30 10:42:07.123+00");
  }

  @Test
  void noDropIsAnError() {
    assertThatThrownBy(() -> PostgresCluster.dropTableMoment(List.of("LOG:  ready")))
        .hasMessageContaining("no DROP TABLE");
  }
}
