package dev.day2.preferences;

import static org.assertj.core.api.Assertions.assertThat;

import dev.day2.postgres.testing.TestPostgres;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A database restart drops every pooled connection at once; afterwards the pool must still hand out
 * all of its connections. The real embedded PostgreSQL terminates the service's sessions (what a
 * restart or failover does to them) three times over; then the store answers and the whole pool can
 * be held at once. The drills found the opposite: a pool of none after a restore.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(JwtResource.class)
class PoolRecoveryTest {
  @Inject PreferenceStore store;
  @Inject AgroalDataSource dataSource;

  @ConfigProperty(name = "quarkus.datasource.jdbc.max-size")
  int poolSize;

  @Test
  void everySlotIsUsableAgainAfterTheServerDroppedAllConnections() throws Exception {
    for (int round = 1; round <= 3; round++) {
      holdWholePool(); // every slot now holds a pooled, idle connection
      assertThat(terminateServiceSessions())
          .as("sessions dropped in round %d", round)
          .isGreaterThanOrEqualTo(1);

      for (int call = 0; call < poolSize; call++) {
        assertThat(store.call("read", PoolRecoveryTest::selectOne)).isEqualTo(1);
      }
    }
    assertThat(holdWholePool()).isEqualTo(poolSize);
  }

  /** What a restart does to the service's sessions, as the superuser; returns how many. */
  private static int terminateServiceSessions() throws SQLException {
    return (int)
        TestPostgres.queryLong(
            PostgresResource.database,
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                + " WHERE datname = current_database() AND pid <> pg_backend_pid()");
  }

  /** Borrows as many connections as the pool holds, all at once, then gives them back. */
  private int holdWholePool() throws SQLException {
    List<Connection> held = new ArrayList<>();
    try {
      for (int i = 0; i < poolSize; i++) {
        Connection c = dataSource.getConnection();
        selectOne(c);
        held.add(c);
      }
      return held.size();
    } finally {
      for (Connection c : held) {
        c.close();
      }
    }
  }

  private static int selectOne(Connection c) throws SQLException {
    try (var s = c.createStatement();
        var rs = s.executeQuery("SELECT 1")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
