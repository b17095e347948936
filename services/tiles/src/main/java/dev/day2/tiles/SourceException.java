package dev.day2.tiles;

/** The tile store failed or is unreachable: a 503 that no cache keeps, never an empty tile. */
class SourceException extends RuntimeException {
  SourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
