package dev.day2.redis;

import io.quarkus.runtime.configuration.DurationConverter;
import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Checks the Redis settings every Redis-backed service reads ({@code REDIS_HOST}, {@code
 * REDIS_PORT}, {@code REDIS_DB}, {@code REDIS_PASS}, {@code REDIS_TLS}, {@code REDIS_TIMEOUT})
 * before the application starts, so a typo ends in one line naming the variable instead of a stack
 * trace or a connection to the wrong place.
 */
public final class RedisSettings {
  private RedisSettings() {}

  /**
   * The first problem with the settings found through {@code lookup} (null when a variable is
   * unset, which means its default), or empty when they are usable.
   */
  public static Optional<String> problem(UnaryOperator<String> lookup) {
    String host = lookup.apply("REDIS_HOST");
    if (host != null && (host.isBlank() || !host.strip().equals(host) || host.contains("/"))) {
      return Optional.of("REDIS_HOST must be a host name or address, got \"" + host + "\"");
    }
    String tls = lookup.apply("REDIS_TLS");
    if (tls != null && !tls.isEmpty() && !tls.equals("true") && !tls.equals("false")) {
      return Optional.of("REDIS_TLS must be true or false, got \"" + tls + "\"");
    }
    Optional<String> port = integerProblem(lookup, "REDIS_PORT", 1, 65535);
    if (port.isPresent()) {
      return port;
    }
    Optional<String> db = integerProblem(lookup, "REDIS_DB", 0, Integer.MAX_VALUE);
    if (db.isPresent()) {
      return db;
    }
    return timeoutProblem(lookup.apply("REDIS_TIMEOUT"));
  }

  /**
   * REDIS_TIMEOUT as Quarkus reads a duration ({@code 1s}, {@code 500ms}, {@code PT2S}, a bare
   * number of seconds), and above zero: a zero bound would fail every command.
   */
  static Optional<String> timeoutProblem(String value) {
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
        "REDIS_TIMEOUT must be a duration above zero such as 1s or 500ms, got \"" + value + "\"");
  }

  /**
   * Looks a setting up the way Quarkus does for these names: a JVM system property first, then the
   * environment variable.
   */
  public static String fromSystem(String name) {
    String property = System.getProperty(name);
    return property != null ? property : System.getenv(name);
  }

  private static Optional<String> integerProblem(
      UnaryOperator<String> lookup, String name, int min, int max) {
    String value = lookup.apply(name);
    if (value == null || value.isEmpty()) {
      return Optional.empty();
    }
    String range = min + " to " + max;
    try {
      int number = Integer.parseInt(value);
      if (number >= min && number <= max) {
        return Optional.empty();
      }
    } catch (NumberFormatException e) {
      // fall through to the message
    }
    return Optional.of(name + " must be a whole number from " + range + ", got \"" + value + "\"");
  }
}
