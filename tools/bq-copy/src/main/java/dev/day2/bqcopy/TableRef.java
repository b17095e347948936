package dev.day2.bqcopy;

import com.google.cloud.bigquery.TableId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A fully qualified table name, {@code project.dataset.table}, checked before any call. */
record TableRef(String project, String dataset, String table) {
  private static final Pattern NAME =
      Pattern.compile(
          "([a-z][a-z0-9-]{4,61}[a-z0-9])\\.([A-Za-z0-9_]{1,1024})\\.([A-Za-z0-9_-]{1,1024})");

  static TableRef parse(String option, String text) {
    Matcher m = NAME.matcher(text == null ? "" : text);
    if (!m.matches()) {
      throw new Failure(
          Failure.USAGE, option + " must be project.dataset.table, got '" + text + "'");
    }
    return new TableRef(m.group(1), m.group(2), m.group(3));
  }

  TableId id() {
    return TableId.of(project, dataset, table);
  }

  String sql() {
    return "`" + this + "`";
  }

  @Override
  public String toString() {
    return project + "." + dataset + "." + table;
  }
}
