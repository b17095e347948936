package dev.day2.service.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every service with a warm-up (service-common's {@code WarmUp}, ADR 0140) must show from
 * outside, for the tests that start its packaged jar with {@code WARM_UP} set: live at once, not
 * ready while it warms up (and for that reason), ready after, with the warm-up's outcome in the
 * readiness check.
 */
public final class WarmUpChecks {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private static final Pattern OUTCOME = Pattern.compile("\"warm-up\": \"([^\"]*)\"");

  private WarmUpChecks() {}

  /**
   * Waits until the service at {@code base} ({@code http://host:port}) is live, asserts its
   * readiness is DOWN because of the warm-up, waits until it is ready, and returns what the warm-up
   * reported ({@code "N requests in T ms (F not 2xx), then S ms for the compiler"}).
   */
  public static String awaitWarmedUp(String base, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (status(base + "/q/health/live") != 200) {
      assertThat(System.nanoTime()).as(base + " live within " + timeout).isLessThan(deadline);
      Thread.sleep(20);
    }
    HttpResponse<String> warming = get(base + "/q/health/ready");
    assertThat(warming.statusCode()).as("readiness while the replica warms up").isEqualTo(503);
    assertThat(warming.body())
        .as("the check that holds readiness")
        .containsPattern("\"name\": \"warm-up\",\\s*\"status\": \"DOWN\"");
    HttpResponse<String> ready = warming;
    while (ready.statusCode() != 200) {
      assertThat(System.nanoTime()).as(base + " ready within " + timeout).isLessThan(deadline);
      Thread.sleep(20);
      ready = get(base + "/q/health/ready");
    }
    Matcher outcome = OUTCOME.matcher(ready.body());
    assertThat(outcome.find()).as("the warm-up's outcome in " + ready.body()).isTrue();
    return outcome.group(1);
  }

  /**
   * The environment of a packaged jar started to watch its warm-up: {@code port} on loopback, a 1-s
   * warm-up, every request in the access log (so a warm-up line would show), and {@code extra}.
   * Start it with {@code WARM_UP} and {@code ACCESS_LOG} among the variables it unsets.
   */
  public static Map<String, String> env(int port, Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(extra);
    env.put("PORT", Integer.toString(port));
    env.put("HOST", "127.0.0.1");
    env.put("WARM_UP", "1s");
    env.put("ACCESS_LOG", "all");
    return env;
  }

  /** The number of requests a warm-up outcome says were answered. */
  public static long answered(String outcome) {
    return Long.parseLong(outcome.substring(0, outcome.indexOf(' ')));
  }

  private static int status(String url) throws InterruptedException {
    try {
      return get(url).statusCode();
    } catch (IOException notYet) {
      return 0;
    }
  }

  private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
