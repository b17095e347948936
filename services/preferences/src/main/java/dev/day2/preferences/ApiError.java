package dev.day2.preferences;

/**
 * A client mistake the API answers with a 4xx JSON error ({@code error} is the stable code, {@code
 * message} names the field and what is wrong). Thrown, then mapped by {@link ApiErrorMappers}.
 */
final class ApiError extends RuntimeException {
  private final int status;
  private final String code;

  ApiError(int status, String code, String message) {
    super(message, null, false, false); // no stack trace: this is an answer, not a failure
    this.status = status;
    this.code = code;
  }

  static ApiError badRequest(String code, String message) {
    return new ApiError(400, code, message);
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }
}
