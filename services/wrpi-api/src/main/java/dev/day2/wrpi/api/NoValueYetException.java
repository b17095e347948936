package dev.day2.wrpi.api;

/** Redis holds no reading yet (the updater has not run): a 503, not the original's 500. */
class NoValueYetException extends RuntimeException {
  NoValueYetException() {
    super("no WRPI has been calculated yet", null, false, false);
  }
}
