package dev.day2.common;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** Request ids: keep a client's (or the edge's) id when it is sane, otherwise make one. */
public final class RequestIds {
  public static final String HEADER = "X-Request-ID";
  public static final String MDC_KEY = "request_id";

  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private RequestIds() {}

  /** The id to use for a request whose header held {@code candidate} (may be null). */
  public static String keepOrCreate(String candidate) {
    if (candidate != null && VALID.matcher(candidate).matches()) {
      return candidate;
    }
    return randomUuid().toString();
  }

  /**
   * A version-4 UUID from a thread-local generator: request ids need uniqueness, not secrecy, and
   * {@link UUID#randomUUID()} serialises every request on one SecureRandom.
   */
  static UUID randomUuid() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low);
  }
}
