package dev.day2.preferences;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The {@code preference} table: one statement per operation, each its own transaction. */
@Singleton
class PreferenceStore {
  private static final String LIST =
      "SELECT purpose, enabled, updated_at FROM preference WHERE user_id = ? ORDER BY purpose";
  private static final String FIND =
      "SELECT enabled, updated_at FROM preference WHERE user_id = ? AND purpose = ?";
  // One atomic statement, so concurrent PUTs of the same key leave one row. Re-sending the same
  // value keeps updated_at: it is when the consent last changed, not when it was last sent.
  private static final String UPSERT =
      """
      INSERT INTO preference AS p (user_id, purpose, enabled, updated_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (user_id, purpose) DO UPDATE SET
        enabled = EXCLUDED.enabled,
        updated_at = CASE WHEN p.enabled = EXCLUDED.enabled THEN p.updated_at
                          ELSE EXCLUDED.updated_at END
      RETURNING enabled, updated_at\
      """;
  private static final String DELETE = "DELETE FROM preference WHERE user_id = ? AND purpose = ?";

  private final DataSource dataSource;

  PreferenceStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  List<Preference> list(String userId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(LIST)) {
      s.setString(1, userId);
      List<Preference> all = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          all.add(new Preference(userId, rs.getString(1), rs.getBoolean(2), instant(rs, 3)));
        }
      }
      return all;
    } catch (SQLException e) {
      throw new StoreUnavailable("list", e);
    }
  }

  Optional<Preference> find(String userId, String purpose) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(FIND)) {
      s.setString(1, userId);
      s.setString(2, purpose);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next()
            ? Optional.of(new Preference(userId, purpose, rs.getBoolean(1), instant(rs, 2)))
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw new StoreUnavailable("find", e);
    }
  }

  Preference upsert(String userId, String purpose, boolean enabled, Instant now) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(UPSERT)) {
      s.setString(1, userId);
      s.setString(2, purpose);
      s.setBoolean(3, enabled);
      s.setObject(4, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return new Preference(userId, purpose, rs.getBoolean(1), instant(rs, 2));
      }
    } catch (SQLException e) {
      throw new StoreUnavailable("upsert", e);
    }
  }

  /** Deletes the preference; true when there was one. */
  boolean delete(String userId, String purpose) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(DELETE)) {
      s.setString(1, userId);
      s.setString(2, purpose);
      return s.executeUpdate() > 0;
    } catch (SQLException e) {
      throw new StoreUnavailable("delete", e);
    }
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }
}
