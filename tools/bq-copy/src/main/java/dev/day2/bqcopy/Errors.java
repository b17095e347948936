package dev.day2.bqcopy;

import com.google.cloud.bigquery.BigQueryException;

/** Turns BigQuery's errors into the one-line messages operators need. */
final class Errors {
  private Errors() {}

  static Failure explain(BigQueryException e, String doing) {
    String reason = e.getReason() == null ? "" : e.getReason();
    if (e.getCode() == 401 || reason.equals("authError")) {
      return new Failure(
          Failure.ACCESS,
          "not authenticated while "
              + doing
              + ": check GOOGLE_APPLICATION_CREDENTIALS or the"
              + " workload identity");
    }
    if (e.getCode() == 403 || reason.equals("accessDenied")) {
      return new Failure(
          Failure.ACCESS, "permission denied while " + doing + ": " + e.getMessage());
    }
    if (e.getCode() == 404 || reason.equals("notFound")) {
      return new Failure(Failure.ACCESS, "not found while " + doing + ": " + e.getMessage());
    }
    return new Failure(1, "BigQuery failed while " + doing + ": " + e.getMessage());
  }
}
