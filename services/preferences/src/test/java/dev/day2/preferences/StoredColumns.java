package dev.day2.preferences;

import dev.day2.postgres.testing.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The columns of one of the service's tables as its JSON names them ({@code updated_at} → {@code
 * updatedAt}): what a user's export must carry (GDPR art. 15 and 20).
 */
final class StoredColumns {
  private static final Pattern SNAKE = Pattern.compile("_([a-z])");

  private StoredColumns() {}

  /** {@code table}'s columns, camel-cased, in their order, without {@code left}'s. */
  static List<String> of(String table, String... left) throws SQLException {
    List<String> columns = new ArrayList<>();
    try (Connection c = TestPostgres.connect(PostgresResource.database);
        PreparedStatement s =
            c.prepareStatement(
                "SELECT column_name FROM information_schema.columns"
                    + " WHERE table_name = ? AND NOT column_name = ANY (?)"
                    + " ORDER BY ordinal_position")) {
      s.setString(1, table);
      s.setArray(2, c.createArrayOf("varchar", left));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          columns.add(
              SNAKE.matcher(rs.getString(1)).replaceAll(m -> m.group(1).toUpperCase(Locale.ROOT)));
        }
      }
    }
    return columns;
  }
}
