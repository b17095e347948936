package dev.day2.wrpi.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ReadingCacheTest {
  private final AtomicLong now = new AtomicLong(1_000);
  private final AtomicInteger reads = new AtomicInteger();
  private final ReadingCache cache = new ReadingCache(Duration.ofSeconds(1), now::get);

  @Test
  void oneReadServesEveryRequestUntilTheTimeIsUp() {
    assertThat(await(cache.get(reading(1.0)))).isEqualTo(1.0);
    now.addAndGet(Duration.ofMillis(999).toNanos());
    assertThat(await(cache.get(reading(2.0)))).isEqualTo(1.0);
    assertThat(reads).hasValue(1);

    now.addAndGet(Duration.ofMillis(1).toNanos());
    assertThat(await(cache.get(reading(2.0)))).as("a new value shows after 1 s").isEqualTo(2.0);
    assertThat(reads).hasValue(2);
  }

  @Test
  void failuresAreNotKept() {
    Supplier<Uni<Reading>> down =
        () -> {
          reads.incrementAndGet();
          return Uni.createFrom().failure(new IllegalStateException("redis down"));
        };
    assertThatThrownBy(() -> await(cache.get(down))).hasMessage("redis down");
    assertThatThrownBy(() -> await(cache.get(down))).hasMessage("redis down");
    assertThat(reads).hasValue(2);
    assertThat(await(cache.get(reading(3.0)))).isEqualTo(3.0);
  }

  @Test
  void concurrentMissesShareOneRead() {
    List<UniEmitter<? super Reading>> pending = new ArrayList<>();
    Supplier<Uni<Reading>> slow =
        () -> {
          reads.incrementAndGet();
          return Uni.createFrom().emitter(pending::add);
        };
    List<Double> answers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      cache.get(slow).subscribe().with(r -> answers.add(r.latestValue()));
    }
    assertThat(reads).hasValue(1);
    pending.getFirst().complete(new Reading(4.0, "t", Instant.EPOCH));
    assertThat(answers).containsExactly(4.0, 4.0, 4.0);
  }

  @Test
  void zeroTtlReadsEveryTime() {
    ReadingCache off = new ReadingCache(Duration.ZERO, now::get);
    await(off.get(reading(1.0)));
    await(off.get(reading(1.0)));
    assertThat(reads).hasValue(2);
  }

  private Supplier<Uni<Reading>> reading(double value) {
    return () -> {
      reads.incrementAndGet();
      return Uni.createFrom().item(new Reading(value, "t", Instant.EPOCH));
    };
  }

  private static double await(Uni<Reading> uni) {
    return uni.await().atMost(Duration.ofSeconds(5)).latestValue();
  }
}
