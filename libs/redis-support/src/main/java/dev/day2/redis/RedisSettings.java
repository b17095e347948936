package dev.day2.redis;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Checks the Redis settings every Redis-backed service reads ({@code REDIS_HOST}, {@code
 * REDIS_PORT}, {@code REDIS_DB}, {@code REDIS_PASS}, {@code REDIS_TLS}) before the application
 * starts, so a typo ends in one line naming the variable instead of a stack trace or a connection
 * to the wrong place.
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
    return integerProblem(lookup, "REDIS_DB", 0, Integer.MAX_VALUE);
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
