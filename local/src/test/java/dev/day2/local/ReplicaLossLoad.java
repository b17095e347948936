package dev.day2.local;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A steady load of sequential keep-alive requests from several clients, counting every answer that
 * is not a 200 (or no answer at all) as a failure. Bounded: each wait has a deadline.
 */
final class ReplicaLossLoad {
  record Result(long total, List<String> failures) {
    long failed() {
      return failures.size();
    }
  }

  private final EdgeClient edge;
  private final String host;
  private final int clients;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong total = new AtomicLong();
  private final List<String> failures = new CopyOnWriteArrayList<>();
  private final List<Thread> threads = new ArrayList<>();

  ReplicaLossLoad(EdgeClient edge, String host, int clients) {
    this.edge = edge;
    this.host = host;
    this.clients = clients;
  }

  void start() {
    for (int i = 0; i < clients; i++) {
      threads.add(Thread.ofPlatform().name("load-" + i).start(this::loop));
    }
  }

  private void loop() {
    while (running.get()) {
      try {
        HttpResponse<String> response = edge.get(host, "/");
        if (response.statusCode() != 200) {
          failures.add(response.statusCode() + " " + response.body());
        }
      } catch (Exception e) {
        failures.add(e.toString());
      }
      total.incrementAndGet();
    }
  }

  long total() {
    return total.get();
  }

  void awaitRequests(long count, Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (total.get() < count && Instant.now().isBefore(deadline)) {
      Thread.sleep(20); // polling a counter
    }
  }

  Result stop() throws InterruptedException {
    running.set(false);
    for (Thread thread : threads) {
      thread.join(Duration.ofSeconds(15));
    }
    return new Result(total.get(), List.copyOf(failures));
  }
}
