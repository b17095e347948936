package dev.day2.wrpi.api;

/** The stored reading cannot be read: a 503 for the client, an error line for the operator. */
class CorruptValueException extends RuntimeException {
  CorruptValueException(String message) {
    super(message, null, false, false);
  }
}
