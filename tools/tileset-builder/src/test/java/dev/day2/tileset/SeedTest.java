package dev.day2.tileset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.day2.postgres.testing.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** {@code tileset-builder seed} against a real PostgreSQL, as the tiles role (not a superuser). */
class SeedTest {
  static final Tileset MONACO = TilesetBuilder.monaco();
  static final List<BuildingFeature> FEATURES = GeoJsonBuildings.monacoFeatures();

  /** The sample built once for the class (the command builds it per run). */
  static Seed.Outcome seed(Map<String, String> db) throws SQLException {
    try (Connection c = Seed.connect(db)) {
      return Seed.load(c, MONACO, FEATURES, TilesetTables.SAMPLE);
    }
  }

  @Test
  void loadsTheSampleOnceAndThenLeavesItAlone() throws Exception {
    Map<String, String> db = TestPostgres.newDatabase("seed");
    assertThat(seed(db)).isEqualTo(Seed.Outcome.LOADED);
    assertThat(count(db, "SELECT count(*) FROM tileset_tiles WHERE tileset = 'osm_buildings'"))
        .isEqualTo(MONACO.rows().size());
    assertThat(count(db, "SELECT count(*) FROM osm_buildings"))
        .isEqualTo(GeoJsonBuildings.monacoFeatures().size());
    assertThat(seed(db)).isEqualTo(Seed.Outcome.ALREADY_THERE);
    assertThat(count(db, "SELECT count(*) FROM tileset_tiles")).isEqualTo(MONACO.rows().size());
  }

  @Test
  void replacesAnOlderVersionOfTheSample() throws Exception {
    Map<String, String> db = TestPostgres.newDatabase("seed");
    assertThat(seed(db)).isEqualTo(Seed.Outcome.LOADED);
    execute(db, "UPDATE tileset_tiles SET data = 'not json' WHERE z = -1");
    execute(db, "INSERT INTO tileset_tiles VALUES ('osm_buildings', 20, 1, 1, 0, 'stale')");
    assertThat(seed(db)).isEqualTo(Seed.Outcome.REPLACED);
    assertThat(count(db, "SELECT count(*) FROM tileset_tiles WHERE z = 20")).isZero();
    assertThat(count(db, "SELECT count(*) FROM tileset_tiles")).isEqualTo(MONACO.rows().size());
  }

  @Test
  void concurrentSeedsLoadExactlyOnce() throws Exception {
    Map<String, String> db = TestPostgres.newDatabase("seed");
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      Callable<Seed.Outcome> seed = () -> seed(db);
      List<Future<Seed.Outcome>> runs = pool.invokeAll(List.of(seed, seed, seed));
      long loaded = 0;
      for (Future<Seed.Outcome> run : runs) {
        loaded += run.get() == Seed.Outcome.LOADED ? 1 : 0;
      }
      assertThat(loaded).isEqualTo(1);
    } finally {
      pool.shutdown();
    }
    assertThat(count(db, "SELECT count(*) FROM tileset_tiles")).isEqualTo(MONACO.rows().size());
  }

  @Test
  void theCommandExitsZeroWithOneLineAndOneOnAnUnreachableDatabase() {
    Map<String, String> db = TestPostgres.newDatabase("seed");
    Captured ok = run(new String[] {"seed"}, db);
    assertThat(ok.code).isZero();
    assertThat(ok.out).startsWith("tileset-builder seed: loaded the Monaco sample").hasLineCount(1);

    Map<String, String> wrong = new HashMap<>(db);
    wrong.put("DB_PORT", "1"); // nothing listens there
    Captured failed = run(new String[] {"seed"}, wrong);
    assertThat(failed.code).isEqualTo(1);
    assertThat(failed.err)
        .startsWith("tileset-builder seed: PostgreSQL at 127.0.0.1:1/")
        .contains("failed: ")
        .hasLineCount(1);

    Captured usage = run(new String[] {"seed", "--force"}, db);
    assertThat(usage.code).isEqualTo(2);
    assertThat(usage.err).hasLineCount(1);
  }

  record Captured(int code, String out, String err) {}

  static Captured run(String[] args, Map<String, String> env) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int code = Main.seed(args, env);
      return new Captured(
          code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  static long count(Map<String, String> db, String sql) throws SQLException {
    try (Connection c = Seed.connect(db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static void execute(Map<String, String> db, String sql) throws SQLException {
    try (Connection c = Seed.connect(db);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
