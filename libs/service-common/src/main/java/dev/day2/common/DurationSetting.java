package dev.day2.common;

import io.quarkus.runtime.configuration.DurationConverter;
import java.time.Duration;
import java.util.Optional;

/**
 * Checks a duration setting before Quarkus starts, so a typo or a zero ends in one line naming the
 * variable instead of Quarkus' message about a property the operator never set, or a bound of zero
 * that fails every request. (redis-support checks REDIS_TIMEOUT the same way in RedisSettings: it
 * may not depend on this HTTP library, ADR 0098.)
 */
public final class DurationSetting {
  private DurationSetting() {}

  /**
   * What is wrong with {@code value} as the duration setting {@code name}: empty when unset or a
   * duration above zero in a form Quarkus reads ({@code 5s}, {@code 500ms}, {@code PT2S}, a bare
   * number of seconds).
   */
  public static Optional<String> problem(String name, String value) {
    if (value == null || value.isEmpty()) {
      return Optional.empty();
    }
    try {
      if (DurationConverter.parseDuration(value).compareTo(Duration.ZERO) > 0) {
        return Optional.empty();
      }
    } catch (IllegalArgumentException e) {
      // fall through to the message
    }
    return Optional.of(
        name + " must be a duration above zero such as 5s or 500ms, got \"" + value + "\"");
  }
}
