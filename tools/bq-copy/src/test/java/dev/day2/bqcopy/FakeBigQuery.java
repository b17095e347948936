package dev.day2.bqcopy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * BigQuery cannot run here: a local fake of the REST calls bq-copy makes (tables.get/patch,
 * datasets.get/insert, jobs.insert/get for copy jobs, jobs.query for fingerprints), answering with
 * BigQuery's JSON shapes and error reasons. Like BigQuery, a copy job keeps schema, partitioning
 * and clustering but not description and labels. Rows are opaque strings; the fingerprint is a XOR
 * of their hashes. A copy job finishes on its second poll so progress can be seen.
 */
final class FakeBigQuery implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  record StoredTable(ObjectNode resource, List<String> rows) {}

  final Map<String, StoredTable> tables = new ConcurrentHashMap<>();
  final Map<String, ObjectNode> datasets = new ConcurrentHashMap<>();
  final Map<String, Integer> denied = new ConcurrentHashMap<>();
  final List<JsonNode> copyJobs = new CopyOnWriteArrayList<>();
  private final Map<String, ObjectNode> jobs = new ConcurrentHashMap<>();
  private final Map<String, Integer> polls = new ConcurrentHashMap<>();
  volatile boolean dropARowWhenCopying;
  private final HttpServer server;

  FakeBigQuery() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/bigquery/v2/projects/",
        exchange -> {
          try (exchange) {
            handle(exchange);
          } catch (IOException | RuntimeException e) {
            e.printStackTrace(); // a bug in the fake: show it instead of a closed connection
            throw e;
          }
        });
    server.start();
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  void addDataset(String project, String dataset, String location) {
    ObjectNode d = JSON.createObjectNode();
    d.put("kind", "bigquery#dataset").put("id", project + ":" + dataset).put("location", location);
    d.putObject("datasetReference").put("projectId", project).put("datasetId", dataset);
    datasets.put(project + "." + dataset, d);
  }

  /** A CARTO-style tileset table with {@code rows} rows in {@code location}. */
  void addTileset(String name, String location, int rows) {
    String[] p = name.split("\\.");
    addDataset(p[0], p[1], location);
    ObjectNode t = JSON.createObjectNode();
    t.put("kind", "bigquery#table").put("type", "TABLE").put("location", location);
    t.putObject("tableReference")
        .put("projectId", p[0])
        .put("datasetId", p[1])
        .put("tableId", p[2]);
    var fields = t.putObject("schema").putArray("fields");
    for (String f : new String[] {"z", "x", "y", "carto_partition"}) {
      fields.addObject().put("name", f).put("type", "INTEGER").put("mode", "NULLABLE");
    }
    fields.addObject().put("name", "data").put("type", "BYTES").put("mode", "NULLABLE");
    ObjectNode range =
        t.putObject("rangePartitioning").put("field", "carto_partition").putObject("range");
    range.put("start", "0").put("end", "4000").put("interval", "1");
    t.putObject("clustering").putArray("fields").add("z").add("x").add("y");
    t.put("description", "OSM buildings tileset");
    t.putObject("labels").put("carto_tileset", "c8d4f36f88dfe297");
    List<String> data = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      data.add("{\"z\":14,\"x\":" + i + ",\"y\":5974,\"data\":\"row-" + i + "\"}");
    }
    store(name, t, data);
  }

  private void store(String name, ObjectNode resource, List<String> rows) {
    resource.put("numRows", Integer.toString(rows.size()));
    resource.put("numBytes", Integer.toString(rows.stream().mapToInt(String::length).sum()));
    resource.put("id", name.replaceFirst("\\.", ":"));
    tables.put(name, new StoredTable(resource, new ArrayList<>(rows)));
  }

  private void handle(HttpExchange ex) throws IOException {
    String[] path =
        ex.getRequestURI().getPath().substring("/bigquery/v2/projects/".length()).split("/");
    String project = path[0];
    String method = ex.getRequestMethod();
    if (path.length >= 5 && path[1].equals("datasets") && path[3].equals("tables")) {
      String name = project + "." + path[2] + "." + path[4];
      Integer code = denied.get(name);
      if (code != null) {
        send(
            ex,
            code,
            error(code, code == 401 ? "authError" : "accessDenied", "Access Denied: " + name));
        return;
      }
      StoredTable table = tables.get(name);
      if (table == null) {
        send(ex, 404, error(404, "notFound", "Not found: Table " + name));
      } else if (method.equals("GET")) {
        send(ex, 200, table.resource());
      } else {
        JsonNode patch = read(ex);
        if (patch.has("description")) {
          table.resource().set("description", patch.get("description"));
        }
        if (patch.has("labels")) {
          table.resource().set("labels", patch.get("labels"));
        }
        send(ex, 200, table.resource());
      }
    } else if (path.length == 3 && path[1].equals("datasets")) {
      ObjectNode dataset = datasets.get(project + "." + path[2]);
      send(
          ex,
          dataset == null ? 404 : 200,
          dataset == null ? error(404, "notFound", "Not found: Dataset " + path[2]) : dataset);
    } else if (path.length == 2 && path[1].equals("datasets") && method.equals("POST")) {
      JsonNode body = read(ex);
      String id = body.path("datasetReference").path("datasetId").asText();
      addDataset(project, id, body.path("location").asText("US"));
      send(ex, 200, datasets.get(project + "." + id));
    } else if (path.length == 2 && path[1].equals("jobs") && method.equals("POST")) {
      ObjectNode job = (ObjectNode) read(ex);
      copyJobs.add(job);
      job.put("kind", "bigquery#job").putObject("status").put("state", "RUNNING");
      jobs.put(job.path("jobReference").path("jobId").asText(), job);
      send(ex, 200, job);
    } else if (path.length == 3 && path[1].equals("jobs")) {
      ObjectNode job = jobs.get(path[2]);
      if (polls.merge(path[2], 1, Integer::sum) >= 2
          && job.path("status").path("state").asText().equals("RUNNING")) {
        runCopy(job);
        job.putObject("status").put("state", "DONE");
      }
      send(ex, 200, job);
    } else if (path.length == 2 && path[1].equals("queries")) {
      send(ex, 200, fingerprint(read(ex).path("query").asText(), project));
    } else {
      send(
          ex,
          404,
          error(404, "notFound", "the fake does not serve " + method + " " + ex.getRequestURI()));
    }
  }

  private void runCopy(ObjectNode job) {
    JsonNode copy = job.path("configuration").path("copy");
    JsonNode src = copy.path("sourceTables").get(0);
    JsonNode dst = copy.path("destinationTable");
    String from =
        src.path("projectId").asText()
            + "."
            + src.path("datasetId").asText()
            + "."
            + src.path("tableId").asText();
    String to =
        dst.path("projectId").asText()
            + "."
            + dst.path("datasetId").asText()
            + "."
            + dst.path("tableId").asText();
    StoredTable source = tables.get(from);
    ObjectNode resource = source.resource().deepCopy();
    resource.remove("description");
    resource.remove("labels");
    resource.set("tableReference", dst.deepCopy());
    List<String> rows = new ArrayList<>(source.rows());
    if (dropARowWhenCopying) {
      rows.removeLast();
      rows.add("{\"corrupt\":true}");
    }
    store(to, resource, rows);
  }

  private ObjectNode fingerprint(String sql, String project) {
    String name = sql.replaceAll("(?s).*FROM `([^`]+)`.*", "$1");
    StoredTable table = tables.get(name);
    long xor = 0;
    for (String row : table.rows()) {
      xor ^= row.hashCode() * 0x9E3779B97F4A7C15L;
    }
    ObjectNode body = JSON.createObjectNode();
    body.put("kind", "bigquery#queryResponse").put("jobComplete", true).put("totalRows", "1");
    body.putObject("jobReference")
        .put("projectId", project)
        .put("jobId", "q" + System.nanoTime())
        .put("location", "US");
    var fields = body.putObject("schema").putArray("fields");
    fields.addObject().put("name", "row_count").put("type", "INTEGER");
    fields.addObject().put("name", "fingerprint").put("type", "INTEGER");
    var f = body.putArray("rows").addObject().putArray("f");
    f.addObject().put("v", Integer.toString(table.rows().size()));
    f.addObject().put("v", Long.toString(xor));
    return body;
  }

  private static JsonNode read(HttpExchange ex) throws IOException {
    InputStream in = ex.getRequestBody();
    if ("gzip".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Content-Encoding"))) {
      in = new GZIPInputStream(in);
    }
    return JSON.readTree(in);
  }

  private static ObjectNode error(int code, String reason, String message) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode error = body.putObject("error");
    error.put("code", code).put("message", message);
    error.putArray("errors").addObject().put("reason", reason).put("message", message);
    return body;
  }

  private static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
