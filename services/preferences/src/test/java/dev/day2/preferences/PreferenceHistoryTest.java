package dev.day2.preferences;

import static dev.day2.preferences.TestTokens.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import dev.day2.postgres.testing.TestPostgres;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The consent history (ADR 0137) against a real PostgreSQL: every change of a preference is
 * recorded in the same transaction as the change, with the value it left, when and by whom; a
 * re-sent value is no change; erasure takes the history with it; the history cannot be rewritten;
 * and it holds under concurrent writers, whoever writes.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(JwtResource.class)
class PreferenceHistoryTest {
  private static final String ONE = "/v1/users/{u}/preferences/{p}";
  private static final String HISTORY = "/v1/users/{u}/preference-history";
  private static final String SUPPORT = TestTokens.with("support-tool", "preferences:admin");

  @BeforeEach
  void noDefaultToken() {
    RestAssured.requestSpecification = null;
  }

  private static String newUser() {
    return "history-" + UUID.randomUUID();
  }

  private static String put(RequestSpecification as, String user, String purpose, boolean on) {
    return as.contentType(ContentType.JSON)
        .body("{\"enabled\":" + on + "}")
        .put(ONE, user, purpose)
        .then()
        .statusCode(200)
        .extract()
        .path("updatedAt");
  }

  private static List<Map<String, Object>> history(String user, String query) {
    return as(TestTokens.forUser(user))
        .get(HISTORY + query, user)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("$");
  }

  @Test
  void everyChangeIsRecordedOldestFirstWithItsValueTimeAndCaller() {
    String user = newUser();
    RequestSpecification self = as(TestTokens.forUser(user));
    String given = put(self, user, "ads", true);
    put(as(TestTokens.forUser(user)), user, "ads", true); // the same value again: no change
    String withdrawn = put(as(SUPPORT), user, "ads", false);
    put(as(TestTokens.forUser(user)), user, "email", true);
    as(TestTokens.forUser(user)).delete(ONE, user, "ads").then().statusCode(204);
    as(TestTokens.forUser(user)).delete(ONE, user, "ads").then().statusCode(204); // nothing left

    List<Map<String, Object>> events = history(user, "");
    assertThat(events)
        .extracting(e -> e.get("purpose"), e -> e.get("enabled"), e -> e.get("changedBy"))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("ads", true, user),
            org.assertj.core.groups.Tuple.tuple("ads", false, "support-tool"),
            org.assertj.core.groups.Tuple.tuple("email", true, user),
            org.assertj.core.groups.Tuple.tuple("ads", null, user));
    assertThat(events.get(0)).containsEntry("changedAt", given).containsEntry("userId", user);
    assertThat(events.get(1)).containsEntry("changedAt", withdrawn);
    assertThat(events.get(3)).containsKey("enabled");

    assertThat(history(user, "?purpose=email"))
        .singleElement()
        .satisfies(e -> assertThat(e).containsEntry("purpose", "email"));
    assertThat(history(newUser(), "")).isEmpty();
  }

  @Test
  void theHistoryHasTheSameRulesAsThePreferences() {
    String alice = newUser();
    String bob = newUser();
    put(as(TestTokens.forUser(bob)), bob, "ads", true);
    as(TestTokens.forUser(alice))
        .get(HISTORY, bob)
        .then()
        .statusCode(403)
        .body("error", equalTo("forbidden"));
    given().get(HISTORY, bob).then().statusCode(401);
    as(SUPPORT).get(HISTORY, bob).then().statusCode(200).body("size()", equalTo(1));
    as(TestTokens.forUser(bob))
        .get(HISTORY + "?purpose=not a purpose!", bob)
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_purpose"));
    as(TestTokens.forUser("alice"))
        .get(HISTORY, "not a valid id!")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_user_id"));
  }

  @Test
  void erasureDeletesTheHistoryWithThePreferencesAndNoOneElses() throws SQLException {
    String user = newUser();
    String other = newUser();
    put(as(TestTokens.forUser(user)), user, "ads", true);
    put(as(TestTokens.forUser(user)), user, "ads", false);
    put(as(TestTokens.forUser(other)), other, "ads", true);

    as(TestTokens.forUser(user)).delete("/v1/users/{u}/preferences", user).then().statusCode(204);

    assertThat(history(user, "")).isEmpty();
    assertThat(rows("SELECT count(*) FROM preference_event WHERE user_id = '" + user + "'"))
        .as("events left of the erased user, the erasure's own removals included")
        .isZero();
    assertThat(history(other, "")).hasSize(1);
  }

  @Test
  void aChangeMadeInTheDatabaseIsRecordedWithTheLoginThatMadeIt() throws SQLException {
    String user = newUser();
    put(as(TestTokens.forUser(user)), user, "ads", true);
    try (Connection c = TestPostgres.connect(PostgresResource.database)) {
      c.createStatement()
          .executeUpdate(
              "UPDATE preference SET enabled = false, updated_at = now() WHERE user_id = '"
                  + user
                  + "'");
    }
    List<Map<String, Object>> events = history(user, "");
    assertThat(events).hasSize(2);
    assertThat(events.get(1)).containsEntry("enabled", false);
    assertThat((String) events.get(1).get("changedBy")).startsWith("db:");
  }

  @Test
  void aRecordedChangeCannotBeRewritten() throws SQLException {
    String user = newUser();
    put(as(TestTokens.forUser(user)), user, "ads", true);
    try (Connection c = TestPostgres.connect(PostgresResource.database)) {
      assertThatThrownBy(() ->
              c.createStatement()
                  .executeUpdate(
                      "UPDATE preference_event SET enabled = false WHERE user_id = '" + user + "'"))
          .hasMessageContaining("preference_event is append-only");
    }
    assertThat(history(user, ""))
        .singleElement()
        .satisfies(e -> assertThat(e).containsEntry("enabled", true));
  }

  /**
   * Concurrent writers flipping one preference: the trigger sees each row version it replaces, so
   * the history never shows a value twice in a row, and its last value is the stored one.
   */
  @Test
  void concurrentFlipsLeaveAHistoryThatEndsWithTheStoredValue() throws Exception {
    String user = newUser();
    String token = TestTokens.forUser(user);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> writes = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        writes.add(
            pool.submit(
                () -> put(as(token), user, "ads", ThreadLocalRandom.current().nextBoolean())));
      }
      for (Future<?> write : writes) {
        write.get();
      }
    } finally {
      pool.shutdownNow();
    }
    List<Object> values = history(user, "").stream().map(e -> e.get("enabled")).toList();
    assertThat(values).isNotEmpty();
    for (int i = 1; i < values.size(); i++) {
      assertThat(values.get(i))
          .as("event %d repeats the value before it", i)
          .isNotEqualTo(values.get(i - 1));
    }
    Object stored =
        as(token).get(ONE, user, "ads").then().statusCode(200).extract().path("enabled");
    assertThat(values.getLast()).isEqualTo(stored);
  }

  /** With the list, the history is the user's export: it carries every column but its own id. */
  @Test
  void theHistoryCarriesEveryStoredColumnButTheRowId() throws SQLException {
    String user = newUser();
    put(as(TestTokens.forUser(user)), user, "ads", true);
    Map<String, Object> exported = history(user, "").getFirst();
    List<String> stored = StoredColumns.of("preference_event", "id");
    assertThat(stored).hasSize(5);
    assertThat(exported.keySet()).containsExactlyInAnyOrderElementsOf(stored);
  }

  private static long rows(String sql) throws SQLException {
    return TestPostgres.queryLong(PostgresResource.database, sql);
  }
}
