package dev.day2.tiles;

import dev.day2.tileset.BuildingFeature;
import dev.day2.tileset.GeoJsonBuildings;
import dev.day2.tileset.TileRow;
import dev.day2.tileset.Tileset;
import dev.day2.tileset.TilesetBuilder;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * {@code TILES_SEED=true} (make run, dev, tests): creates the tables and, when the database has no
 * {@code osm_buildings} tileset yet, loads the bundled Monaco tileset and its source table. Several
 * replicas may start at once: an advisory lock lets one load while the others wait and skip.
 */
@Singleton
class MonacoSeeder {
  static final String TILESET = "osm_buildings";
  private static final Logger LOG = Logger.getLogger(MonacoSeeder.class);
  private static final long LOCK = 0x7469_6c65_73L; // "tiles"

  private final Pool pool;
  private final boolean enabled;
  private final String source;

  MonacoSeeder(
      Pool pool,
      @ConfigProperty(name = "tiles.seed") boolean enabled,
      @ConfigProperty(name = "tiles.source") String source) {
    this.pool = pool;
    this.enabled = enabled;
    this.source = source;
  }

  void onStart(@Observes StartupEvent event) {
    if (!enabled || !source.equals("postgres")) {
      return;
    }
    Boolean loaded = pool.withTransaction(this::seedIfEmpty).await().atMost(Duration.ofSeconds(60));
    if (Boolean.TRUE.equals(loaded)) {
      LOG.infof("loaded the Monaco tileset into PostgreSQL (%s)", TILESET);
    }
  }

  private io.smallrye.mutiny.Uni<Boolean> seedIfEmpty(SqlClient tx) {
    return tx.query("SELECT pg_advisory_xact_lock(" + LOCK + ")")
        .execute()
        .chain(() -> runScript(tx))
        .chain(() ->
            tx.preparedQuery("SELECT 1 FROM tileset_tiles WHERE tileset = $1 AND z = -1")
                .execute(Tuple.of(TILESET)))
        .chain(
            rows -> rows.size() > 0 ? io.smallrye.mutiny.Uni.createFrom().item(false) : load(tx));
  }

  private io.smallrye.mutiny.Uni<Void> runScript(SqlClient tx) {
    io.smallrye.mutiny.Uni<Void> chain = io.smallrye.mutiny.Uni.createFrom().voidItem();
    for (String statement : script().split(";\\s*\\n")) {
      if (!statement.isBlank()) {
        chain = chain.chain(() -> tx.query(statement).execute().replaceWithVoid());
      }
    }
    return chain;
  }

  private io.smallrye.mutiny.Uni<Boolean> load(SqlClient tx) {
    Tileset tileset = TilesetBuilder.monaco();
    List<Tuple> tiles =
        tileset.rows().stream()
            .map((TileRow r) ->
                Tuple.of(TILESET, r.z(), r.x(), r.y(), r.cartoPartition(), Buffer.buffer(r.data())))
            .toList();
    List<Tuple> buildings =
        GeoJsonBuildings.monacoFeatures().stream()
            .map((BuildingFeature f) ->
                Tuple.tuple()
                    .addLong(f.id())
                    .addString(f.osmType())
                    .addString(f.tags().get("building"))
                    .addString(f.tags().get("name"))
                    .addString(f.tags().get("building:levels"))
                    .addString(f.tags().get("height"))
                    .addJsonObject(new JsonObject(f.geometry())))
            .toList();
    return tx.preparedQuery(
            "INSERT INTO tileset_tiles (tileset, z, x, y, carto_partition, data)"
                + " VALUES ($1, $2, $3, $4, $5, $6)")
        .executeBatch(tiles)
        .chain(() ->
            tx.preparedQuery(
                    "INSERT INTO osm_buildings (id, osm_type, building, name, levels, height, geom)"
                        + " VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb) ON CONFLICT (id) DO NOTHING")
                .executeBatch(buildings))
        .replaceWith(true);
  }

  private static String script() {
    try (InputStream in = MonacoSeeder.class.getResourceAsStream("/db/tiles.sql")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return text.replaceAll("(?m)^--.*$", "");
    } catch (IOException e) {
      throw new IllegalStateException("cannot read db/tiles.sql", e);
    }
  }
}
