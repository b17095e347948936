package dev.day2.bqcopy;

/** Ends the run with one line on stderr and an exit code that says what kind of problem. */
final class Failure extends RuntimeException {
  static final int USAGE = 2;
  static final int ACCESS = 3;
  static final int MISMATCH = 4;

  final int exitCode;

  Failure(int exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }
}
