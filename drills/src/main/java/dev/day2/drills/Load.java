package dev.day2.drills;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.function.Predicate;

/**
 * A bounded load generator: a few virtual threads send requests at a fixed total rate until it is
 * closed, {@code maxRequests} have been sent or {@code maxTime} has passed, whichever comes first.
 * Every answer is kept (status, body, when it came back), so a drill can count what failed and
 * which writes were acknowledged, and when. Loopback only: the drills build the URLs.
 */
final class Load implements AutoCloseable {
  /**
   * One answered (or failed) request; status -1 when there was no HTTP answer at all. {@code
   * target} is the Host header (through the edge) or the port (direct).
   */
  record Outcome(long n, String target, int status, String body, String cache, Instant at) {
    boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  private final AtomicLong next = new AtomicLong();
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
  private final List<Thread> workers = new ArrayList<>();

  private Load() {}

  static Load start(
      HttpClient client,
      int workers,
      double perSecond,
      long maxRequests,
      Duration maxTime,
      LongFunction<HttpRequest> request) {
    Load load = new Load();
    Instant deadline = Instant.now().plus(maxTime);
    long intervalNanos = (long) (workers * 1e9 / perSecond);
    for (int w = 0; w < workers; w++) {
      load.workers.add(
          Thread.ofVirtual()
              .name("load-" + w)
              .start(() -> load.run(client, intervalNanos, maxRequests, deadline, request)));
    }
    return load;
  }

  private void run(
      HttpClient client,
      long intervalNanos,
      long maxRequests,
      Instant deadline,
      LongFunction<HttpRequest> request) {
    long due = System.nanoTime();
    while (!stopped.get() && Instant.now().isBefore(deadline)) {
      long n = next.getAndIncrement();
      if (n >= maxRequests) {
        return;
      }
      outcomes.add(send(client, n, request.apply(n)));
      due += intervalNanos;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        try {
          Thread.sleep(Duration.ofNanos(wait)); // pacing to the fixed rate, not a readiness wait
        } catch (InterruptedException e) {
          return;
        }
      } else {
        due = System.nanoTime(); // behind (a slow answer): do not burst to catch up
      }
    }
  }

  private static Outcome send(HttpClient client, long n, HttpRequest request) {
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      String cache = response.headers().firstValue("x-cache").orElse("");
      return new Outcome(
          n, target(request), response.statusCode(), response.body(), cache, Instant.now());
    } catch (IOException e) {
      return new Outcome(n, target(request), -1, e.toString(), "", Instant.now());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(n, target(request), -1, "interrupted", "", Instant.now());
    }
  }

  private static String target(HttpRequest request) {
    return request
        .headers()
        .firstValue("Host")
        .map(h -> h.replace(".localhost", ""))
        .orElse(":" + request.uri().getPort());
  }

  @Override
  public void close() {
    stopped.set(true);
    for (Thread worker : workers) {
      try {
        worker.join(Duration.ofSeconds(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  List<Outcome> outcomes() {
    return outcomes.stream().sorted(Comparator.comparing(Outcome::at)).toList();
  }

  long sent() {
    return outcomes.size();
  }

  long failed() {
    return outcomes.stream().filter(o -> !o.ok()).count();
  }

  /** The first successful answer after {@code moment}. */
  Optional<Instant> firstOkAfter(Instant moment) {
    return outcomes.stream()
        .filter(o -> o.ok() && o.at().isAfter(moment))
        .map(Outcome::at)
        .min(Comparator.naturalOrder());
  }

  /** From the first to the last answer matching {@code failing}; zero when there was none. */
  Duration window(Predicate<Outcome> failing) {
    List<Instant> times = outcomes.stream().filter(failing).map(Outcome::at).sorted().toList();
    return times.isEmpty() ? Duration.ZERO : Duration.between(times.getFirst(), times.getLast());
  }
}
