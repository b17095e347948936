package dev.day2.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * components/postgres/init-databases.sh (also mounted by compose) against a real PostgreSQL: it
 * makes one database per service, owned by a login role with the password from the environment.
 */
class PostgresInitScriptTest {
  static final Path SCRIPT = Kustomize.K8S.resolve("components/postgres/init-databases.sh");

  @Test
  void createsOneDatabaseOwnedByALoginRolePerService() throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
      // Quotes and backslashes must reach PostgreSQL as they are, not break the SQL.
      Map<String, String> env = new HashMap<>();
      env.put("POSTGRES_USER", "postgres");
      env.put("PGHOST", "localhost");
      env.put("PGPORT", String.valueOf(pg.getPort()));
      env.put("PREFERENCES_DB_PASSWORD", "pr'ef\\s\"-" + System.nanoTime());
      env.put("TILES_DB_PASSWORD", "ti'les-" + System.nanoTime());

      ProcessBuilder builder =
          new ProcessBuilder("bash", SCRIPT.toString()).redirectErrorStream(true);
      builder.environment().putAll(env);
      Path log = Files.createTempFile("init-databases", ".log");
      Process process = builder.redirectOutput(log.toFile()).start();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as(Files.readString(log)).isZero();

      try (Connection c = pg.getPostgresDatabase().getConnection();
          ResultSet rs =
              c.createStatement()
                  .executeQuery(
                      "select d.datname, r.rolname, r.rolcanlogin, r.rolsuper, a.rolpassword"
                          + " from pg_database d join pg_roles r on r.oid = d.datdba"
                          + " join pg_authid a on a.oid = r.oid"
                          + " where d.datname in ('preferences', 'tiles') order by 1")) {
        for (String service : new String[] {"preferences", "tiles"}) {
          assertThat(rs.next()).as("database " + service).isTrue();
          assertThat(rs.getString("datname")).isEqualTo(service);
          assertThat(rs.getString("rolname")).as("owner").isEqualTo(service);
          assertThat(rs.getBoolean("rolcanlogin")).isTrue();
          assertThat(rs.getBoolean("rolsuper")).isFalse();
          assertThat(rs.getString("rolpassword"))
              .as("a password is set")
              .startsWith("SCRAM-SHA-256$");
        }
      }
    }
  }
}
