package dev.day2.preferences;

import static org.assertj.core.api.Assertions.assertThat;

import dev.day2.postgres.testing.TestPostgres;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(JwtResource.class)
@ExtendWith(SignedRequests.class)
class ConcurrentUpsertTest {
  @Test
  void concurrentPutsOfTheSameKeyLeaveOneRowAndNoErrors() throws Exception {
    int writers = 32;
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Integer>> statuses = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
      for (int i = 0; i < writers; i++) {
        boolean enabled = i % 2 == 0;
        statuses.add(
            pool.submit(() -> {
              go.await();
              return PreferenceApiTest.put("racer", "analytics", "{\"enabled\":" + enabled + "}")
                  .statusCode();
            }));
      }
      go.countDown();
      for (Future<Integer> status : statuses) {
        assertThat(status.get()).isEqualTo(200);
      }
    }
    try (Connection c = TestPostgres.connect(PostgresResource.database);
        PreparedStatement s =
            c.prepareStatement(
                "SELECT count(*) FROM preference WHERE user_id = 'racer' AND purpose = 'analytics'");
        ResultSet rs = s.executeQuery()) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(1);
    }
  }
}
