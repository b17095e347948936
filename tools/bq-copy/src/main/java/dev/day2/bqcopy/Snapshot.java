package dev.day2.bqcopy;

import com.google.cloud.bigquery.Clustering;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.RangePartitioning;
import com.google.cloud.bigquery.Schema;
import com.google.cloud.bigquery.StandardTableDefinition;
import com.google.cloud.bigquery.Table;
import com.google.cloud.bigquery.TableDefinition;
import com.google.cloud.bigquery.TimePartitioning;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What an exact copy must keep of a table: schema, partitioning, clustering, description, labels.
 */
record Snapshot(
    String location,
    TableDefinition.Type type,
    Schema schema,
    RangePartitioning rangePartitioning,
    TimePartitioning timePartitioning,
    Clustering clustering,
    String description,
    Map<String, String> labels,
    BigInteger rows,
    Long bytes) {

  static Snapshot of(Table table) {
    TableDefinition definition = table.getDefinition();
    RangePartitioning range = null;
    TimePartitioning time = null;
    Clustering clustering = null;
    if (definition instanceof StandardTableDefinition standard) {
      range = standard.getRangePartitioning();
      time = standard.getTimePartitioning();
      clustering = standard.getClustering();
    }
    return new Snapshot(
        definition instanceof StandardTableDefinition s ? s.getLocation() : null,
        definition.getType(),
        definition.getSchema(),
        range,
        time,
        clustering,
        table.getDescription(),
        table.getLabels() == null ? Map.of() : Map.copyOf(table.getLabels()),
        table.getNumRows(),
        table.getNumBytes());
  }

  /** The properties in which {@code copy} differs from this table; empty when it is exact. */
  List<String> differences(Snapshot copy) {
    List<String> diffs = new ArrayList<>();
    check(diffs, "schema", schema, copy.schema);
    check(diffs, "range partitioning", rangePartitioning, copy.rangePartitioning);
    check(diffs, "time partitioning", timePartitioning, copy.timePartitioning);
    check(diffs, "clustering", clustering, copy.clustering);
    check(diffs, "description", description, copy.description);
    check(diffs, "labels", labels, copy.labels);
    check(diffs, "row count", rows, copy.rows);
    return diffs;
  }

  private static void check(List<String> diffs, String what, Object expected, Object actual) {
    if (!Objects.equals(expected, actual)) {
      diffs.add(what + " (source " + expected + ", copy " + actual + ")");
    }
  }

  String describe() {
    String fields =
        schema == null
            ? "(none)"
            : schema.getFields().stream()
                .map((Field f) -> f.getName() + ":" + f.getType())
                .collect(Collectors.joining(", "));
    String partitioning =
        rangePartitioning != null
            ? "RANGE_BUCKET("
                + rangePartitioning.getField()
                + ", "
                + rangePartitioning.getRange().getStart()
                + ".."
                + rangePartitioning.getRange().getEnd()
                + " step "
                + rangePartitioning.getRange().getInterval()
                + ")"
            : timePartitioning != null
                ? timePartitioning.getType() + " on " + timePartitioning.getField()
                : "none";
    return "schema "
        + fields
        + "; partitioning "
        + partitioning
        + "; clustering "
        + (clustering == null ? "none" : String.join(", ", clustering.getFields()))
        + "; description "
        + (description == null ? "(none)" : "\"" + description + "\"")
        + "; labels "
        + (labels.isEmpty() ? "(none)" : labels);
  }
}
