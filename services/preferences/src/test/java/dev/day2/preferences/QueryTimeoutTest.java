package dev.day2.preferences;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.day2.postgres.testing.TestPostgres;
import dev.day2.service.testing.GivingUp;
import dev.day2.service.testing.RequestIdLog;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A statement behind a lock, for real: another session holds an exclusive lock on the preference
 * table (a long migration or a stuck transaction does that), so the service's read waits. It gives
 * up after DB_QUERY_TIMEOUT (5 s) with a 503; once the lock is gone the same read answers, on the
 * same pool. Without the bound the request waits for as long as the lock is held. The 503's log
 * line carries the request's id, though the statement ran on another thread (ADR 0122).
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(JwtResource.class)
@ExtendWith(SignedRequests.class)
class QueryTimeoutTest {
  /** The test's own limit, far above the bound: without the bound the request fails here. */
  private static final Duration GIVE_UP = Duration.ofSeconds(20);

  @Test
  void aStatementBehindALockAnswers503WithinTheTimeoutThenTheStoreServesAgain() throws Exception {
    String user = "u-" + UUID.randomUUID();
    PreferenceApiTest.put(user, "ads", "{\"enabled\":true}").then().statusCode(200);

    // The lock is held while the request runs: a 503 can only come from the bound. The read's
    // statement is answered on the reactive pool's event loop (ADR 0141); the failure is still
    // logged with its request's id.
    String requestId = "qt-" + UUID.randomUUID();
    List<String> logged = new ArrayList<>();
    TestPostgres.whileLocked(
        PostgresResource.database,
        "preference",
        () ->
            logged.addAll(
                RequestIdLog.during(
                    ApiErrorMappers.class.getName(),
                    () ->
                        GivingUp.after(GIVE_UP)
                            .header("X-Request-ID", requestId)
                            .when()
                            .get("/v1/users/{u}/preferences/ads", user)
                            .then()
                            .statusCode(503)
                            .header("Retry-After", "1")
                            .contentType(containsString("application/json"))
                            .body("error", equalTo("database_unavailable")))));
    assertThat(logged).containsExactly("ERROR request_id=" + requestId);
    given()
        .when()
        .get("/v1/users/{u}/preferences/ads", user)
        .then()
        .statusCode(200)
        .body("enabled", equalTo(true));
  }
}
