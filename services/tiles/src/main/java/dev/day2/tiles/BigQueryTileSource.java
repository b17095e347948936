package dev.day2.tiles;

import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.TableResult;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;
import java.util.Iterator;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * CARTO tileset tables in BigQuery (production). Every query is parameterised; the table name comes
 * from configuration ({@link BigQueryTables}), never from the request. A tile query also filters on
 * {@code carto_partition} when the metadata says how tiles are partitioned, so BigQuery scans one
 * partition. The client blocks, so calls run on the worker pool, never the event loop.
 */
@Singleton
@Typed(BigQueryTileSource.class) // picked by TileSources, not injected as a TileSource
class BigQueryTileSource implements TileSource {
  private final BigQueryTables tables;
  private final Supplier<BigQuery> client;

  BigQueryTileSource(
      BigQueryTables tables,
      @ConfigProperty(name = "tiles.bigquery.project") Optional<String> project,
      @ConfigProperty(name = "tiles.bigquery.endpoint") Optional<String> endpoint,
      @ConfigProperty(name = "tiles.bigquery.location") Optional<String> location) {
    this.tables = tables;
    this.client = memoize(() -> connect(project, endpoint, location));
  }

  /**
   * Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS or workload identity) against
   * Google; no credentials against a configured endpoint (an emulator or the tests' fake).
   */
  static BigQuery connect(
      Optional<String> project, Optional<String> endpoint, Optional<String> location) {
    BigQueryOptions.Builder options = BigQueryOptions.newBuilder();
    project.filter(p -> !p.isBlank()).ifPresent(options::setProjectId);
    location.filter(l -> !l.isBlank()).ifPresent(options::setLocation);
    endpoint
        .filter(e -> !e.isBlank())
        .ifPresent(e -> options.setHost(e).setCredentials(NoCredentials.getInstance()));
    return options.build().getService();
  }

  @Override
  public Uni<Optional<byte[]>> metadata(String tileset) {
    Optional<String> table = tables.tableOf(tileset);
    if (table.isEmpty()) {
      return Uni.createFrom().item(Optional.empty());
    }
    return query(
        QueryJobConfiguration.newBuilder(
                "SELECT data FROM `" + table.get() + "` WHERE z = -1 LIMIT 1")
            .build());
  }

  @Override
  public Uni<Optional<byte[]>> tile(String tileset, TileAddress tile, OptionalInt partition) {
    String table = tables.tableOf(tileset).orElseThrow();
    String sql = "SELECT data FROM `" + table + "` WHERE z = @z AND x = @x AND y = @y";
    QueryJobConfiguration.Builder query =
        QueryJobConfiguration.newBuilder(
                partition.isPresent() ? sql + " AND carto_partition = @p" : sql)
            .addNamedParameter("z", QueryParameterValue.int64(tile.z()))
            .addNamedParameter("x", QueryParameterValue.int64(tile.x()))
            .addNamedParameter("y", QueryParameterValue.int64(tile.y()));
    partition.ifPresent(p -> query.addNamedParameter("p", QueryParameterValue.int64(p)));
    return query(query.build());
  }

  /** The client, created on first use (blocking: call it from a worker thread). */
  BigQuery bigQuery() {
    return client.get();
  }

  @Override
  public Uni<Void> ping() {
    return Uni.createFrom()
        .item(() -> client.get())
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
        .onFailure()
        .transform(e -> new SourceException("BigQuery client unavailable: " + e.getMessage(), e))
        .replaceWithVoid();
  }

  private Uni<Optional<byte[]>> query(QueryJobConfiguration query) {
    return Uni.createFrom()
        .item(() -> firstBytes(run(query)))
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
  }

  private TableResult run(QueryJobConfiguration query) {
    try {
      return client.get().query(query);
    } catch (BigQueryException e) {
      throw new SourceException("BigQuery query failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SourceException("interrupted while querying BigQuery", e);
    }
  }

  private static Optional<byte[]> firstBytes(TableResult result) {
    Iterator<FieldValueList> rows = result.getValues().iterator();
    if (!rows.hasNext()) {
      return Optional.empty();
    }
    return Optional.of(rows.next().get("data").getBytesValue());
  }

  private static <T> Supplier<T> memoize(Supplier<T> supplier) {
    return new Supplier<>() {
      private volatile T value;

      @Override
      public T get() {
        T result = value;
        if (result == null) {
          synchronized (this) {
            if (value == null) {
              value = supplier.get();
            }
            result = value;
          }
        }
        return result;
      }
    };
  }
}
