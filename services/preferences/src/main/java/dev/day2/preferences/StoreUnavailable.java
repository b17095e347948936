package dev.day2.preferences;

/** The database could not answer (down, unreachable, pool exhausted): a 503, not a 500. */
final class StoreUnavailable extends RuntimeException {
  StoreUnavailable(String operation, Throwable cause) {
    super("database unavailable during " + operation, cause);
  }
}
