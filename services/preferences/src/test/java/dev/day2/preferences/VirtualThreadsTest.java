package dev.day2.preferences;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The API's blocking JDBC calls run on virtual threads (ADR 0118), not on the worker pool: every
 * method but the read of one preference, and many more concurrent requests than the pool has
 * connections all answered. The read of one preference answers on the event loop, from a plain
 * route ({@link PreferenceReadRouteTest}), its statement batched by {@link ReadBatcher} on the
 * reactive client (ADR 0122, 0141; {@link ReadBatcherTest}, {@link ReactiveReadsTest}).
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(JwtResource.class)
@ExtendWith(SignedRequests.class)
class VirtualThreadsTest {
  private static String threadOf(Response response) {
    return response.getHeader(ThreadKindHeader.HEADER);
  }

  @Test
  void everyApiMethodButTheReadOfOnePreferenceRunsOnAVirtualThread() {
    Response put = PreferenceApiTest.put("vt-user", "analytics", "{\"enabled\":true}");
    assertThat(put.statusCode()).isEqualTo(200);
    assertThat(threadOf(put)).isEqualTo("virtual");
    Response get = given().get("/v1/users/vt-user/preferences/analytics");
    assertThat(get.statusCode()).isEqualTo(200);
    // Not a resource at all: PreferenceReadRoute answers it on the event loop (ADR 0129), where
    // no RESTEasy filter runs.
    assertThat(threadOf(get)).isNull();
    Response list = given().get("/v1/users/vt-user/preferences");
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(threadOf(list)).isEqualTo("virtual");
    Response delete = given().delete("/v1/users/vt-user/preferences/analytics");
    assertThat(delete.statusCode()).isEqualTo(204);
    assertThat(threadOf(delete)).isEqualTo("virtual");
  }

  @Test
  void eightTimesMoreRequestsThanConnectionsAreAllServed() throws Exception {
    assertThat(PreferenceApiTest.put("vt-many", "ads", "{\"enabled\":false}").statusCode())
        .isEqualTo(200);
    int clients = 64; // the pool holds 8 (DB_POOL_MAX_SIZE)
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Response>> answers = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
      for (int i = 0; i < clients; i++) {
        answers.add(
            pool.submit(() -> {
              go.await();
              return given().get("/v1/users/vt-many/preferences");
            }));
      }
      go.countDown();
      for (Future<Response> answer : answers) {
        Response response = answer.get();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.jsonPath().getList("purpose")).containsExactly("ads");
        assertThat(response.jsonPath().getList("enabled")).containsExactly(false);
        assertThat(threadOf(response)).isEqualTo("virtual");
      }
    }
  }
}
