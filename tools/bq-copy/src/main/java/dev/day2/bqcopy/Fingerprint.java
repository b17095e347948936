package dev.day2.bqcopy;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.QueryJobConfiguration;

/**
 * Row count and an order-independent content fingerprint of a whole table: the XOR of {@code
 * FARM_FINGERPRINT(TO_JSON_STRING(row))} over every row. Scans the table once (billed as a full
 * scan of its bytes).
 */
record Fingerprint(long rows, String value) {
  static String sql(TableRef table) {
    return "SELECT COUNT(*) AS row_count,"
        + " BIT_XOR(FARM_FINGERPRINT(TO_JSON_STRING(t))) AS fingerprint FROM "
        + table.sql()
        + " AS t";
  }

  static Fingerprint of(BigQuery bigQuery, TableRef table, String location) {
    QueryJobConfiguration query = QueryJobConfiguration.newBuilder(sql(table)).build();
    try {
      FieldValueList row = bigQuery.query(query).getValues().iterator().next();
      String value =
          row.get("fingerprint").isNull() ? "empty" : row.get("fingerprint").getStringValue();
      return new Fingerprint(row.get("row_count").getLongValue(), value);
    } catch (BigQueryException e) {
      throw Errors.explain(e, "fingerprinting " + table);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Failure(1, "interrupted while fingerprinting " + table);
    }
  }
}
