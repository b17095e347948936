package dev.day2.preferences;

import static dev.day2.preferences.LockWaits.await;
import static dev.day2.preferences.LockWaits.waitingForALock;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.day2.postgres.testing.TestPostgres;
import dev.day2.preferences.PreferenceStore.Key;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Reads of one preference share a statement when they arrive while one runs (ADR 0122), against a
 * real PostgreSQL: another session's exclusive lock on the table holds the first statement, so the
 * reads behind it are queued for certain, and the lock's release lets them go.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(JwtResource.class)
@ExtendWith(SignedRequests.class)
class ReadBatcherTest {
  /** Well under DB_QUERY_TIMEOUT (5 s): the held statement must not time out meanwhile. */
  private static final long WAIT_MS = 4_000;

  @Inject ReadBatcher reads;
  @Inject PreferenceStore store;
  @Inject MeterRegistry registry;
  @Inject AgroalDataSource dataSource;

  @Test
  void readsThatArriveWhileAStatementRunsShareTheNextOnesEachWithItsOwnAnswer() throws Exception {
    String prefix = "rb-" + UUID.randomUUID() + "-";
    List<String[]> keys = new ArrayList<>(); // {user, purpose, expected "true"/"false"/"404"}
    for (int i = 0; i < 30; i++) {
      boolean enabled = i % 2 == 0;
      PreferenceApiTest.put(prefix + i, "ads", "{\"enabled\":" + enabled + "}")
          .then()
          .statusCode(200);
      keys.add(new String[] {prefix + i, "ads", String.valueOf(enabled)});
    }
    PreferenceApiTest.put(prefix + 0, "email", "{\"enabled\":false}").then().statusCode(200);
    keys.add(
        new String[] {prefix + 0, "email", "false"}); // a second purpose of a user in the batch
    for (int i = 30; i < 40; i++) {
      keys.add(new String[] {prefix + i, "ads", "404"});
    }
    keys.add(new String[] {prefix + 1, "email", "404"}); // 41 reads: 1 held, then 32 and 8

    DistributionSummary batches = registry.get("preferences_read_batch_size").summary();
    long statementsBefore = batches.count();
    double readsBefore = batches.totalAmount();
    List<Future<Response>> answers = new ArrayList<>();
    try (ExecutorService clients = Executors.newFixedThreadPool(keys.size())) {
      TestPostgres.whileLocked(
          PostgresResource.database,
          "preference",
          () -> {
            answers.add(clients.submit(() -> get(keys.get(0))));
            await(
                "the first read's statement waits for the lock",
                WAIT_MS,
                () -> waitingForALock() == 1);
            for (String[] key : keys.subList(1, keys.size())) {
              answers.add(clients.submit(() -> get(key)));
            }
            await("the other reads are queued", WAIT_MS, () -> reads.queued() == keys.size() - 1);
          });
      for (int i = 0; i < keys.size(); i++) {
        Response answer = answers.get(i).get(30, TimeUnit.SECONDS);
        String[] key = keys.get(i);
        if (key[2].equals("404")) {
          assertThat(answer.statusCode()).as("%s/%s", key[0], key[1]).isEqualTo(404);
          assertThat(answer.jsonPath().getString("error")).isEqualTo("not_found");
        } else {
          assertThat(answer.statusCode()).as("%s/%s", key[0], key[1]).isEqualTo(200);
          assertThat(answer.jsonPath().getString("userId")).isEqualTo(key[0]);
          assertThat(answer.jsonPath().getString("purpose")).isEqualTo(key[1]);
          assertThat(answer.jsonPath().getBoolean("enabled")).isEqualTo(Boolean.valueOf(key[2]));
        }
      }
    }
    assertThat(batches.count() - statementsBefore).as("statements").isEqualTo(3);
    assertThat(batches.totalAmount() - readsBefore).as("reads").isEqualTo(keys.size());
    assertThat(batches.max()).isEqualTo(ReadBatcher.MAX_BATCH);
  }

  @Test
  void aReadQueuedLongerThanTheTimeoutAnswers503WithoutAStatementOfItsOwn() throws Exception {
    String user = "rb-" + UUID.randomUUID();
    PreferenceApiTest.put(user, "ads", "{\"enabled\":true}").then().statusCode(200);
    AtomicLong now = new AtomicLong();
    Duration timeout = Duration.ofSeconds(5);
    SimpleMeterRegistry ownRegistry = new SimpleMeterRegistry();
    ReadBatcher batcher =
        new ReadBatcher(ReadBatcher.onJdbc(store), timeout, now::get, ownRegistry);
    List<CompletableFuture<Optional<Preference>>> answers = new ArrayList<>();

    TestPostgres.whileLocked(
        PostgresResource.database,
        "preference",
        () -> {
          answers.add(batcher.find(user, "ads").toCompletableFuture());
          await(
              "the first read's statement waits for the lock",
              WAIT_MS,
              () -> waitingForALock() == 1);
          answers.add(batcher.find(user, "ads").toCompletableFuture());
          now.addAndGet(timeout.toNanos() + 1); // the second has now waited longer than the bound
        });

    assertThat(answers.get(0).get(30, TimeUnit.SECONDS))
        .hasValueSatisfying(p -> assertThat(p.enabled()).isTrue());
    assertThatThrownBy(() -> answers.get(1).get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(StoreUnavailable.class);
    assertThat(ownRegistry.get("preferences_read_batch_size").summary().count())
        .as("statements")
        .isEqualTo(1);
  }

  @Test
  void aStatementThatThrowsAnErrorStillAnswersItsReadsAndTheNextReadRuns() throws Exception {
    String user = "rb-" + UUID.randomUUID();
    PreferenceApiTest.put(user, "ads", "{\"enabled\":false}").then().statusCode(200);
    AtomicBoolean broken = new AtomicBoolean(true);
    PreferenceStore failsOnce =
        new PreferenceStore(dataSource, Duration.ofSeconds(5)) {
          @Override
          Map<Key, Preference> findAll(List<Key> keys) {
            if (broken.getAndSet(false)) {
              throw new AssertionError("a failure that is not an exception");
            }
            return super.findAll(keys);
          }
        };
    ReadBatcher batcher =
        new ReadBatcher(
            ReadBatcher.onJdbc(failsOnce),
            Duration.ofSeconds(5),
            System::nanoTime,
            new SimpleMeterRegistry());

    assertThatThrownBy(
            () -> batcher.find(user, "ads").toCompletableFuture().get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(AssertionError.class);
    assertThat(batcher.find(user, "ads").toCompletableFuture().get(30, TimeUnit.SECONDS))
        .hasValueSatisfying(p -> assertThat(p.enabled()).isFalse());
  }

  private static Response get(String[] key) {
    return given().get("/v1/users/{u}/preferences/{p}", key[0], key[1]);
  }
}
