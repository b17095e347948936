package dev.day2.redis;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.redis.client.impl.types.ErrorType;
import java.io.IOException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Tells a Redis outage (answer 503, retry later) from a bug (answer 500), by the type of the
 * failure or of one of its causes, never by searching its message:
 *
 * <ul>
 *   <li>the transport failed ({@link #isTransport}): connection refused, reset or closed, no route,
 *       unknown host, TLS handshake (a certificate that fails verification is not a server to talk
 *       to), connect timeout;
 *   <li>a {@link TimeoutException} (Vert.x's own included) or Mutiny's {@code TimeoutException}
 *       ({@code quarkus.redis.timeout}); the pool's {@link ConnectionPoolTooBusyException};
 *   <li>a Redis error reply ({@link ErrorType}): its error code decides, {@link #errorCode};
 *   <li>the client's {@code Connection is closed} and {@code Redis waiting queue is full}: Vert.x'
 *       Redis client fails a request on a closed connection, and one beyond {@code
 *       quarkus.redis.max-waiting-handlers} unanswered commands on a connection (a hung Redis under
 *       load; the held connection's counterpart of the pool's too-busy), with {@code
 *       Promise.fail(String)}, a {@link NoStackTraceThrowable} that has no other signal than that
 *       fixed text.
 * </ul>
 */
public final class RedisFailures {
  private RedisFailures() {}

  /**
   * Error codes of replies that say the server cannot take the command now, whatever the command:
   * the connection dropped (the client's own CONNECTION_CLOSED), a wrong or missing password, a
   * server loading its data set, a replica in the middle of a failover or cut from its master, a
   * cluster resharding, a busy script, a server full to its {@code maxmemory} that refuses writes
   * (OOM), one that refuses writes because it cannot save its snapshot (MISCONF). They heal by
   * themselves or by an operator's fix to the server, never by the client changing its request. Any
   * other code (ERR, WRONGTYPE, ...) is a bug.
   */
  static final Set<String> OUTAGE_CODES =
      Set.of(
          "CONNECTION_CLOSED",
          "NOAUTH",
          "WRONGPASS",
          "LOADING",
          "MASTERDOWN",
          "READONLY",
          "TRYAGAIN",
          "CLUSTERDOWN",
          "BUSY",
          "OOM",
          "MISCONF");

  /** The message Vert.x' Redis client fails a request on a closed connection with. */
  static final String CLIENT_CONNECTION_CLOSED = "Connection is closed";

  /** The message it fails a command with when the connection has too many unanswered. */
  static final String CLIENT_QUEUE_FULL = "Redis waiting queue is full";

  /**
   * True when {@code failure}, or one of its causes, says Redis is unreachable, slow, gone
   * mid-request or refused us (wrong password): conditions that heal once Redis is back.
   */
  public static boolean isOutage(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ErrorType reply) {
        return OUTAGE_CODES.contains(errorCode(reply));
      }
      if (t instanceof RedisUnavailableException
          || isTransport(t)
          || t instanceof TimeoutException
          || t instanceof io.smallrye.mutiny.TimeoutException
          || t instanceof ConnectionPoolTooBusyException
          || (t instanceof NoStackTraceThrowable
              && (CLIENT_CONNECTION_CLOSED.equals(t.getMessage())
                  || CLIENT_QUEUE_FULL.equals(t.getMessage())))) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /**
   * An I/O failure of the connection: the JDK's socket, name and TLS exceptions, a closed channel,
   * or any {@link IOException} Netty raises (its epoll transport's {@code NativeIoException}
   * included). Not every IOException: a Jackson parse error is one too, and it is a bug.
   */
  static boolean isTransport(Throwable t) {
    return t instanceof SocketException
        || t instanceof UnknownHostException
        || t instanceof ClosedChannelException
        || t instanceof SSLException
        || (t instanceof IOException && t.getClass().getName().startsWith("io.netty."));
  }

  /**
   * The error code of a Redis error reply: its first word. RESP sends an error as {@code -CODE
   * message} ({@code -LOADING Redis is loading the dataset in memory}, {@code -ERR unknown
   * command}); the client keeps the line without the dash as the {@link ErrorType}'s message. The
   * one place the code is read; empty for a reply without one.
   */
  public static String errorCode(ErrorType reply) {
    String line = reply.getMessage();
    if (line == null) {
      return "";
    }
    int space = line.indexOf(' ');
    return space < 0 ? line : line.substring(0, space);
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

  /**
   * {@code command}, failing as an outage ({@link RedisUnavailableException}, 503) when Redis has
   * not answered within {@code timeout}. Quarkus' reactive data source has no command timeout of
   * its own ({@code quarkus.redis.timeout} bounds only its blocking API): without this a hung Redis
   * holds the request until the client or the edge gives up. Use with the service's {@code
   * quarkus.redis.timeout} ({@code REDIS_TIMEOUT}).
   */
  public static <T> Uni<T> within(Uni<T> command, Duration timeout) {
    return command.ifNoItem().after(timeout).failWith(() -> noReply(timeout));
  }

  /** How a command Redis has not answered within {@code timeout} fails: as an outage (503). */
  public static RedisUnavailableException noReply(Duration timeout) {
    return new RedisUnavailableException(new TimeoutException("no reply in " + timeout));
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
}
