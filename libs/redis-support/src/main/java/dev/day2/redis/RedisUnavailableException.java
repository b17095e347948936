package dev.day2.redis;

/** Redis could not answer (down, unreachable, too slow, refused our password): a 503. */
public class RedisUnavailableException extends RuntimeException {
  public RedisUnavailableException(Throwable cause) {
    super(RedisFailures.describe(cause), cause, false, false);
  }
}
