package dev.day2.preferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agroal.api.AgroalDataSource;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The retry of {@link PreferenceStore#call} on a connection the server dropped. A stand-in pool (no
 * PostgreSQL needed: what matters is the order of calls on each connection) records what the store
 * does with every connection it borrows; PreferenceApiTest and the drills cover the real database
 * restart.
 */
class PreferenceStoreRetryTest {
  final List<String> events = new ArrayList<>();
  final Deque<Connection> pool = new ArrayDeque<>();

  @Test
  void givesADeadConnectionBackFlushesTheInvalidOnesAndRetriesOnAnother() {
    pool.add(connection("dead"));
    pool.add(connection("live"));
    PreferenceStore store = new PreferenceStore(dataSource(), Duration.ofSeconds(5));

    String answer =
        store.call(
            "read",
            c -> {
              if (c.toString().equals("dead")) {
                throw new SQLException("terminating connection", "57P01");
              }
              return "ok";
            });

    assertThat(answer).isEqualTo("ok");
    assertThat(events).containsExactly("dead.close", "flush INVALID", "live.close");
  }

  @Test
  void returnsTheConnectionAndAnswers503ForAnyOtherFailure() {
    pool.add(connection("first"));
    PreferenceStore store = new PreferenceStore(dataSource(), Duration.ofSeconds(5));

    assertThatThrownBy(() ->
            store.call(
                "write",
                c -> {
                  throw new SQLException("duplicate key", "23505");
                }))
        .isInstanceOf(StoreUnavailable.class);
    assertThat(events).containsExactly("first.close");
  }

  private AgroalDataSource dataSource() {
    return (AgroalDataSource)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {AgroalDataSource.class},
            (proxy, method, args) -> {
              if (method.getName().equals("flush")) {
                events.add("flush " + args[0]);
                return null;
              }
              if (method.getName().equals("getConnection")) {
                if (pool.isEmpty()) {
                  throw new SQLException("no connection left", "08001");
                }
                return pool.removeFirst();
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }

  private Connection connection(String name) {
    return (Connection)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "toString" -> name;
                  case "close" -> {
                    events.add(name + "." + method.getName());
                    yield null;
                  }
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }
}
