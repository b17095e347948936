package dev.day2.redis;

import io.vertx.redis.client.impl.types.ErrorType;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.concurrent.TimeoutException;

/** Tells a Redis outage (answer 503, retry later) from a bug (answer 500). */
public final class RedisFailures {
  private RedisFailures() {}

  /**
   * Redis error replies (and the client's own CONNECTION_CLOSED) that heal by themselves: the
   * connection dropped, a wrong or missing password, a server loading its data set or a replica in
   * the middle of a failover. Any other error reply (ERR, WRONGTYPE, ...) is a bug.
   */
  private static final List<String> OUTAGE_KINDS =
      List.of(
          "CONNECTION_CLOSED",
          "NOAUTH",
          "WRONGPASS",
          "LOADING",
          "MASTERDOWN",
          "READONLY",
          "TRYAGAIN",
          "CLUSTERDOWN",
          "BUSY");

  /**
   * True when {@code failure}, or one of its causes, says Redis is unreachable, slow, gone
   * mid-request or refused us (wrong password): conditions that heal once Redis is back.
   */
  public static boolean isOutage(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ErrorType reply) {
        return OUTAGE_KINDS.stream().anyMatch(reply::is);
      }
      if (t instanceof RedisUnavailableException
          || t instanceof ConnectException
          || t instanceof NoRouteToHostException
          || t instanceof UnknownHostException
          || t instanceof ClosedChannelException
          || t instanceof TimeoutException
          // TLS: a certificate that fails verification is not a server to talk to (503, logged).
          || t instanceof javax.net.ssl.SSLException
          || t instanceof io.smallrye.mutiny.TimeoutException
          || t instanceof io.netty.channel.ConnectTimeoutException) {
        return true;
      }
      String message = t.getMessage();
      if (message != null && looksLikeAnOutage(message)) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /**
   * {@code failure} as a {@link RedisUnavailableException} when it is an outage, unchanged
   * otherwise. Use with {@code .onFailure().transform(RedisFailures::translate)}.
   */
  public static Throwable translate(Throwable failure) {
    return isOutage(failure) && !(failure instanceof RedisUnavailableException)
        ? new RedisUnavailableException(failure)
        : failure;
  }

  /** One line saying what went wrong, for logs. */
  public static String describe(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return root.getClass().getSimpleName() + (message == null ? "" : ": " + message.strip());
  }

  private static boolean looksLikeAnOutage(String message) {
    String m = message.toLowerCase(java.util.Locale.ROOT);
    return m.contains("connection refused")
        || m.contains("connection reset")
        || m.contains("connection is closed")
        || m.contains("connection closed")
        || m.contains("connection pool")
        || m.contains("timed out")
        || m.contains("timeout")
        || m.startsWith("noauth")
        || m.startsWith("wrongpass")
        || m.startsWith("loading")
        || m.startsWith("masterdown");
  }
}
