package dev.day2.common;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The service's access log (ADR 0115): the edge logs every request (HAProxy's JSON line with the
 * request id, backend, replica and timings); a service logs what only it can add, the requests that
 * failed ({@code status >= 400}) or were slow. {@code ACCESS_LOG=all} logs every request again,
 * {@code off} none. Probes and scrapes ({@code /q/*}) are never logged.
 *
 * <p>The line keeps the format of Quarkus' access log it replaces, under the same logger, so
 * fail2ban's filters, {@code make logs} and the log pipeline read it unchanged: {@code 127.0.0.1
 * "GET /x HTTP/1.1" 404 73 2 ms request_id=…}. The path is {@link LoggedPath}'s: no user id.
 */
public final class AccessLog {
  /** The same category as Quarkus' own access log. */
  static final Logger LOG = Logger.getLogger("io.quarkus.http.access-log");

  /** Which requests a service logs. */
  public enum Mode {
    /** Failed (4xx/5xx) and slow requests: the default. */
    ERRORS,
    /** Every request: while debugging, or where no edge logs them. */
    ALL,
    /** None. */
    OFF;

    static Mode parse(String name, String setting) {
      try {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        // no cause: with one, Quarkus prints the whole stack trace instead of the message
        throw new ConfigurationException(
            setting + " must be errors, all or off, not '" + name + "'");
      }
    }
  }

  private final Mode mode;
  private final long slowNanos;

  AccessLog(Mode mode, long slowMillis) {
    if (slowMillis < 0) {
      // Quarkus prints a ConfigurationException as its message alone and stops the start
      throw new ConfigurationException("ACCESS_LOG_SLOW_MS must be 0 or more, not " + slowMillis);
    }
    this.mode = mode;
    this.slowNanos = TimeUnit.MILLISECONDS.toNanos(slowMillis);
  }

  /**
   * {@code ACCESS_LOG} and {@code ACCESS_LOG_SLOW_MS} as configured; a bad value stops start-up.
   */
  static AccessLog of(String mode, long slowMillis) {
    return new AccessLog(Mode.parse(mode, "ACCESS_LOG"), slowMillis);
  }

  /**
   * Whether a request to {@code path} answered with {@code status} after {@code nanos} is logged.
   */
  boolean logs(String path, int status, long nanos) {
    if (mode == Mode.OFF || path == null || path.startsWith("/q/")) {
      return false;
    }
    return mode == Mode.ALL || status >= 400 || nanos >= slowNanos;
  }

  /** Logs the finished request if {@link #logs} says so. */
  void finished(HttpServerRequest request, int status, long bytes, long nanos, String requestId) {
    if (logs(request.path(), status, nanos)) {
      LOG.info(line(request, status, bytes, nanos, requestId));
    }
  }

  static String line(
      HttpServerRequest request, int status, long bytes, long nanos, String requestId) {
    String remote = request.remoteAddress() == null ? "-" : request.remoteAddress().hostAddress();
    return line(
        remote,
        request.method().name(),
        request.uri(),
        version(request.version()),
        status,
        bytes,
        nanos,
        requestId);
  }

  static String line(
      String remote,
      String method,
      String uri,
      String version,
      int status,
      long bytes,
      long nanos,
      String requestId) {
    int query = uri.indexOf('?');
    String logged =
        query < 0
            ? LoggedPath.of(uri)
            : LoggedPath.of(uri.substring(0, query)) + uri.substring(query);
    return remote
        + " \""
        + method
        + ' '
        + logged
        + ' '
        + version
        + "\" "
        + status
        + ' '
        + (bytes == 0 ? "-" : Long.toString(bytes))
        + ' '
        + TimeUnit.NANOSECONDS.toMillis(nanos)
        + " ms request_id="
        + requestId;
  }

  private static String version(HttpVersion version) {
    if (version == null) {
      return "HTTP/1.1";
    }
    return switch (version) {
      case HTTP_1_0 -> "HTTP/1.0";
      case HTTP_1_1 -> "HTTP/1.1";
      case HTTP_2 -> "HTTP/2";
    };
  }
}
