package dev.day2.tiles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.day2.tileset.TileRow;
import dev.day2.tileset.Tileset;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * BigQuery cannot run here: this is a local fake of the part of its REST API the tiles source uses
 * ({@code POST /bigquery/v2/projects/{p}/queries}, the jobs.query call), serving CARTO tileset
 * tables from memory. It answers like BigQuery (BYTES base64, INT64 as strings) and applies the
 * {@code carto_partition} filter, so a wrong partition computation finds no row. A table named in
 * {@link #DENIED} answers 403 accessDenied, as BigQuery does without permission.
 */
final class FakeBigQuery implements AutoCloseable {
  static final String DENIED = "carto-demo-data.demo_tilesets.denied";
  static final String SOURCE_TABLE = "carto-demo-data.demo_tables.osm_buildings";
  private static final Pattern TABLE = Pattern.compile("FROM `([^`]+)`");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final Map<String, Tileset> tables = new ConcurrentHashMap<>();
  final List<JsonNode> queries = new CopyOnWriteArrayList<>();
  private final AtomicInteger jobs = new AtomicInteger();

  FakeBigQuery() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/bigquery/v2/projects/",
        exchange -> {
          try {
            handle(exchange);
          } catch (IOException | RuntimeException e) {
            e.printStackTrace(); // a bug in the fake: show it instead of a bare closed connection
            throw e;
          }
        });
    server.start();
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  FakeBigQuery withTable(String name, Tileset tileset) {
    tables.put(name, tileset);
    return this;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (exchange.getRequestMethod().equals("GET") && path.contains("/tables/")) {
        sendTable(exchange, path);
        return;
      }
      if (!exchange.getRequestMethod().equals("POST") || !path.endsWith("/queries")) {
        send(exchange, 404, error(404, "notFound", "the fake does not serve " + path));
        return;
      }
      JsonNode request = JSON.readTree(body(exchange));
      queries.add(request);
      String sql = request.path("query").asText();
      Matcher table = TABLE.matcher(sql);
      if (!table.find()) {
        send(exchange, 400, error(400, "invalidQuery", "no table in " + sql));
        return;
      }
      if (table.group(1).equals(DENIED)) {
        send(exchange, 403, error(403, "accessDenied", "Access Denied: Table " + table.group(1)));
        return;
      }
      if (sql.contains("ST_ASGEOJSON") && table.group(1).equals(SOURCE_TABLE)) {
        send(exchange, 200, geoJsonResponse(path.split("/")[4]));
        return;
      }
      Tileset tileset = tables.get(table.group(1));
      if (tileset == null) {
        send(exchange, 404, error(404, "notFound", "Not found: Table " + table.group(1)));
        return;
      }
      String project = path.split("/")[4];
      send(exchange, 200, response(project, rows(tileset, sql, params(request))));
    }
  }

  /** The client gzips request bodies, as it does against Google. */
  private static InputStream body(HttpExchange exchange) throws IOException {
    InputStream in = exchange.getRequestBody();
    String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
    return "gzip".equalsIgnoreCase(encoding) ? new GZIPInputStream(in) : in;
  }

  /** tables.get for the one source table: a geometry column {@code geom} and two others. */
  private void sendTable(HttpExchange exchange, String path) throws IOException {
    String[] p = path.split("/");
    String name = p[4] + "." + p[6] + "." + p[8];
    if (!name.equals(SOURCE_TABLE)) {
      send(exchange, 404, error(404, "notFound", "Not found: Table " + name));
      return;
    }
    ObjectNode t = JSON.createObjectNode();
    t.put("kind", "bigquery#table").put("type", "TABLE").put("location", "US");
    t.putObject("tableReference")
        .put("projectId", p[4])
        .put("datasetId", p[6])
        .put("tableId", p[8]);
    ArrayNode fields = t.putObject("schema").putArray("fields");
    fields.addObject().put("name", "id").put("type", "INTEGER");
    fields.addObject().put("name", "name").put("type", "STRING");
    fields.addObject().put("name", "geom").put("type", "GEOGRAPHY");
    send(exchange, 200, t);
  }

  /** Three buildings as ST_ASGEOJSON / TO_JSON_STRING would give them. */
  private ObjectNode geoJsonResponse(String project) {
    ObjectNode body = JSON.createObjectNode();
    body.put("kind", "bigquery#queryResponse").put("jobComplete", true).put("totalRows", "3");
    body.putObject("jobReference")
        .put("projectId", project)
        .put("jobId", "fake-" + jobs.incrementAndGet());
    ArrayNode fields = body.putObject("schema").putArray("fields");
    fields.addObject().put("name", "geometry").put("type", "STRING");
    fields.addObject().put("name", "properties").put("type", "STRING");
    ArrayNode rows = body.putArray("rows");
    for (int i = 1; i <= 3; i++) {
      ArrayNode f = rows.addObject().putArray("f");
      f.addObject()
          .put("v", "{\"type\":\"Point\",\"coordinates\":[7.42," + (43.73 + i / 1000.0) + "]}");
      f.addObject().put("v", "{\"id\":" + i + ",\"name\":\"building " + i + "\"}");
    }
    return body;
  }

  private static Map<String, Long> params(JsonNode request) {
    Map<String, Long> values = new ConcurrentHashMap<>();
    for (JsonNode p : request.path("queryParameters")) {
      values.put(p.path("name").asText(), p.path("parameterValue").path("value").asLong());
    }
    return values;
  }

  private static List<TileRow> rows(Tileset tileset, String sql, Map<String, Long> p) {
    if (sql.contains("z = -1")) {
      return tileset.rows().stream().filter(TileRow::isMetadata).toList();
    }
    return tileset.tiles().stream()
        .filter(r -> r.z() == p.get("z") && r.x() == p.get("x") && r.y() == p.get("y"))
        .filter(r -> !p.containsKey("p") || r.cartoPartition() == p.get("p").intValue())
        .toList();
  }

  private ObjectNode response(String project, List<TileRow> rows) {
    ObjectNode body = JSON.createObjectNode();
    body.put("kind", "bigquery#queryResponse");
    ObjectNode job = body.putObject("jobReference");
    job.put("projectId", project)
        .put("jobId", "fake-" + jobs.incrementAndGet())
        .put("location", "US");
    body.put("jobComplete", true);
    body.put("totalRows", Integer.toString(rows.size()));
    ObjectNode field = body.putObject("schema").putArray("fields").addObject();
    field.put("name", "data").put("type", "BYTES").put("mode", "NULLABLE");
    ArrayNode out = body.putArray("rows");
    for (TileRow row : rows) {
      out.addObject()
          .putArray("f")
          .addObject()
          .put("v", Base64.getEncoder().encodeToString(row.data()));
    }
    return body;
  }

  private static ObjectNode error(int code, String reason, String message) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode error = body.putObject("error");
    error.put("code", code).put("message", message);
    error.putArray("errors").addObject().put("reason", reason).put("message", message);
    return body;
  }

  private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
