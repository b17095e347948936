package dev.day2.common;

/**
 * The JSON body of every error a Day2 service answers: a stable machine-readable code and a
 * sentence for humans. Never a stack trace.
 */
public record ErrorBody(String error, String message) {
  /** The answer to anything unexpected (a bug): the cause goes to the log only. */
  public static final ErrorBody INTERNAL =
      new ErrorBody("internal_error", "internal error; see the service log");

  /** A 405's body: the method refused and what the path answers (also its {@code Allow}). */
  public static ErrorBody methodNotAllowed(String method, String allow) {
    return new ErrorBody(
        "method_not_allowed", method + " is not allowed here; this path answers " + allow);
  }
}
