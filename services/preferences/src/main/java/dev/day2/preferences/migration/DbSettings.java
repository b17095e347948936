package dev.day2.preferences.migration;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where the database is: the five variables every PostgreSQL-backed Day2 service reads ({@code
 * DB_HOST}, {@code DB_PORT}, {@code DB_NAME}, {@code DB_USER}, {@code DB_PASSWORD}); never a JDBC
 * URL.
 */
public record DbSettings(String host, int port, String name, String user, String password) {
  /** The variables without a default: the service refuses to start without them. */
  public static final List<String> REQUIRED = List.of("DB_HOST", "DB_USER", "DB_PASSWORD");

  public static final int DEFAULT_PORT = 5432;
  public static final String DEFAULT_NAME = "preferences";

  /** The first required variable {@code lookup} has no value for, if any. */
  public static Optional<String> firstMissing(Function<String, String> lookup) {
    return REQUIRED.stream().filter(name -> lookup.apply(name) == null).findFirst();
  }

  /**
   * Reads the settings; an empty {@code DB_PASSWORD} is allowed (a local trust-auth database).
   *
   * @throws IllegalArgumentException naming the variable that is missing or malformed
   */
  public static DbSettings from(Function<String, String> lookup) {
    firstMissing(lookup)
        .ifPresent(name -> {
          throw new IllegalArgumentException(name + " is required");
        });
    String port = orDefault(lookup.apply("DB_PORT"), Integer.toString(DEFAULT_PORT));
    int parsedPort;
    try {
      parsedPort = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("DB_PORT must be a port number, not '" + port + "'");
    }
    if (parsedPort < 1 || parsedPort > 65535) {
      throw new IllegalArgumentException("DB_PORT must be 1-65535, not " + parsedPort);
    }
    return new DbSettings(
        lookup.apply("DB_HOST"),
        parsedPort,
        orDefault(lookup.apply("DB_NAME"), DEFAULT_NAME),
        lookup.apply("DB_USER"),
        lookup.apply("DB_PASSWORD"));
  }

  /** The JDBC URL the driver needs, built here so no deployment ever has to write one. */
  public String jdbcUrl(String applicationName) {
    return "jdbc:postgresql://"
        + host
        + ":"
        + port
        + "/"
        + name
        + "?ApplicationName="
        + applicationName
        + "&connectTimeout=10";
  }

  @Override
  public String toString() { // never print the password
    return "DbSettings[" + user + "@" + host + ":" + port + "/" + name + "]";
  }

  private static String orDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }
}
