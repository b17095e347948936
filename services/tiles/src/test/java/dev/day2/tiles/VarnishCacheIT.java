package dev.day2.tiles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.day2.testing.process.FreePorts;
import dev.day2.testing.process.TestProcess;
import dev.day2.tileset.Seed;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * deploy/cache/default.vcl in a real varnishd, in front of two packaged tiles replicas on a real
 * PostgreSQL. The replicas send {@code max-age=3} so expiry and grace can be seen in seconds.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VarnishCacheIT {
  static final int MAX_AGE = 3;
  static final Path ROOT = Path.of("").toAbsolutePath().getParent().getParent();
  static final Path VCL = ROOT.resolve("deploy/cache/default.vcl");

  static EmbeddedPostgres postgres;
  static final List<TestProcess> replicas = new ArrayList<>();
  static TestProcess varnish;
  static Path work;
  static int varnishPort;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    work = Files.createDirectories(Path.of("target/cache-it")).toAbsolutePath();
    postgres = EmbeddedPostgres.builder().start();
    Seed.monaco(database()); // what the seed job does before the replicas start
    int[] ports = {FreePorts.next(), FreePorts.next()};
    StringBuilder backends = new StringBuilder();
    StringBuilder init = new StringBuilder("sub vcl_init {\n");
    for (int i = 0; i < ports.length; i++) {
      replicas.add(startReplica(i + 1, ports[i]));
      backends.append(
          "backend tiles_%d { .host = \"127.0.0.1\"; .port = \"%d\"; .probe = tiles_ready; }\n"
              .formatted(i + 1, ports[i]));
      init.append("  tiles.add_backend(tiles_%d);\n".formatted(i + 1));
    }
    for (int i = 0; i < ports.length; i++) {
      TestProcess replica = replicas.get(i);
      String ready = "http://127.0.0.1:" + ports[i] + "/q/health/ready";
      replica.awaitHttp200(ready, Duration.ofSeconds(90));
    }
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO tileset_tiles SELECT 'other_buildings', z, x, y, carto_partition, data"
              + " FROM tileset_tiles WHERE tileset = 'osm_buildings'");
      s.execute("INSERT INTO tileset_tiles VALUES ('broken', -1, 0, 0, NULL, 'not json')");
    }
    Path vclDir = Files.createDirectories(work.resolve("vcl"));
    Files.writeString(vclDir.resolve("backends.vcl"), backends.append(init).append("}\n"));
    varnishPort = FreePorts.next();
    varnish =
        TestProcess.start(
            "varnishd",
            List.of(
                varnishd(),
                "-F",
                "-j",
                "none",
                "-n",
                work.resolve("varnish").toString(),
                "-a",
                "127.0.0.1:" + varnishPort,
                "-T",
                "127.0.0.1:" + FreePorts.next(),
                "-f",
                VCL.toString(),
                "-p",
                "vcl_path=" + vclDir,
                "-s",
                "malloc,64m"),
            Map.of(),
            work.resolve("varnishd.log"));
    varnish.awaitHttp200(url("/maps/tileset/osm_buildings"), Duration.ofSeconds(30));
  }

  static String varnishd() {
    return Files.isExecutable(Path.of("/usr/sbin/varnishd")) ? "/usr/sbin/varnishd" : "varnishd";
  }

  static TestProcess startReplica(int n, int port) throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put("PORT", Integer.toString(port));
    env.put("HOST", "127.0.0.1");
    env.put("INSTANCE_NAME", "tiles-it-" + n);
    env.putAll(database());
    env.put("TILES_TILE_MAX_AGE", Integer.toString(MAX_AGE));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return TestProcess.start(
        "tiles-" + n,
        List.of(java, "-Xmx128m", "-jar", "target/quarkus-app/quarkus-run.jar"),
        env,
        work.resolve("tiles-" + n + ".log"));
  }

  static Map<String, String> database() {
    return Map.of(
        "DB_HOST", "127.0.0.1",
        "DB_PORT", Integer.toString(postgres.getPort()),
        "DB_NAME", "postgres",
        "DB_USER", "postgres",
        "DB_PASSWORD", "trust-auth-ignores-this");
  }

  @AfterAll
  static void stop() throws IOException {
    if (varnish != null) {
      varnish.close();
    }
    replicas.forEach(TestProcess::close);
    if (postgres != null) {
      postgres.close();
    }
  }

  static String url(String path) {
    return "http://127.0.0.1:" + varnishPort + path;
  }

  static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static String cache(HttpResponse<?> response) {
    return response.headers().firstValue("X-Cache").orElse("");
  }

  @Test
  @Order(1)
  void firstRequestMissesThenHits() throws Exception {
    String tile = "/maps/tileset/osm_buildings/14/8529/5974";
    HttpResponse<byte[]> first = get(tile, "Accept-Encoding", "gzip");
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(cache(first)).isEqualTo("MISS");
    HttpResponse<byte[]> second = get(tile, "Accept-Encoding", "gzip, deflate", "Cookie", "a=b");
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(cache(second)).isEqualTo("HIT");
    assertThat(second.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(second.body()).isEqualTo(first.body());
    assertThat(second.headers().firstValue("X-Tileset")).isEmpty();
  }

  @Test
  @Order(2)
  void aTileCachedForOneClientAllowsEveryOrigin() throws Exception {
    String tile = "/maps/tileset/osm_buildings/14/8529/5974";
    // cached by Order(1) for a client without Origin; a browser on any page gets the same object
    HttpResponse<byte[]> fromPage =
        get(tile, "Accept-Encoding", "gzip", "Origin", "https://a.test");
    assertThat(cache(fromPage)).isEqualTo("HIT");
    assertThat(fromPage.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    assertThat(fromPage.headers().allValues("Vary")).noneMatch(v -> v.contains("Origin"));
    HttpResponse<byte[]> tileJson = get("/maps/tileset/osm_buildings", "Origin", "https://b.test");
    assertThat(tileJson.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    HttpResponse<byte[]> preflight =
        http.send(
            HttpRequest.newBuilder(URI.create(url(tile)))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://c.test")
                .header("Access-Control-Request-Method", "GET")
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(preflight.statusCode()).isEqualTo(204);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
  }

  @Test
  @Order(2)
  void queryParametersButTheVersionNeitherSplitTheCacheNorReachTheTiles() throws Exception {
    String tile = "/maps/tileset/osm_buildings/14/8529/5974"; // cached by Order(1), no query
    for (String query : new String[] {"?utm_source=x", "?cb=1&cb2=2", "?vv=1", "?v", "?"}) {
      assertThat(cache(get(tile + query, "Accept-Encoding", "gzip"))).as(query).isEqualTo("HIT");
    }
    assertThat(cache(get(tile + "?cb=9&v=2026-12-02&x=1", "Accept-Encoding", "gzip")))
        .as("a version is a key of its own")
        .isEqualTo("MISS");
    assertThat(cache(get(tile + "?v=2026-12-02", "Accept-Encoding", "gzip"))).isEqualTo("HIT");
    assertThat(cache(get(tile + "?a=1&v=2026-12-02&b=2", "Accept-Encoding", "gzip")))
        .isEqualTo("HIT");
    HttpResponse<byte[]> tileJson = get("/maps/tileset/osm_buildings?cb=1");
    assertThat(tileJson.statusCode()).isEqualTo(200);
    assertThat(cache(get("/maps/tileset/osm_buildings?cb=2"))).isEqualTo("HIT");
  }

  @Test
  @Order(2)
  void identityClientGetsAnUncompressedTile() throws Exception {
    HttpResponse<byte[]> response = get("/maps/tileset/osm_buildings/15/17059/11949");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(Mvt.decode(response.body()).getLayer("buildings").getGeometries()).isNotEmpty();
  }

  @Test
  @Order(2)
  void aForwardedHostNeverLeaksIntoAnotherClientsTileJson() throws Exception {
    HttpResponse<byte[]> spoofed =
        get("/maps/tileset/other_buildings", "X-Forwarded-Host", "evil.example");
    assertThat(new String(spoofed.body(), StandardCharsets.UTF_8)).contains("//evil.example/");
    HttpResponse<byte[]> plain = get("/maps/tileset/other_buildings");
    assertThat(new String(plain.body(), StandardCharsets.UTF_8)).doesNotContain("evil.example");
    assertThat(cache(get("/maps/tileset/other_buildings"))).isEqualTo("HIT");
  }

  @Test
  @Order(3)
  void answers304FromTheCacheToAMatchingIfNoneMatch() throws Exception {
    String tile = "/maps/tileset/osm_buildings/13/4264/2987";
    HttpResponse<byte[]> first = get(tile, "Accept-Encoding", "gzip");
    String etag = first.headers().firstValue("ETag").orElseThrow();
    HttpResponse<byte[]> again = get(tile, "Accept-Encoding", "gzip", "If-None-Match", etag);
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(cache(again)).isEqualTo("HIT");
    assertThat(again.body()).isEmpty();
  }

  @Test
  @Order(4)
  void banDropsOnlyThatTileset() throws Exception {
    String mine = "/maps/tileset/osm_buildings/16/34119/23898";
    String other = "/maps/tileset/other_buildings/16/34119/23898";
    get(mine, "Accept-Encoding", "gzip");
    get(other, "Accept-Encoding", "gzip");
    assertThat(cache(get(other, "Accept-Encoding", "gzip"))).isEqualTo("HIT");
    HttpResponse<byte[]> ban =
        http.send(
            HttpRequest.newBuilder(URI.create(url("/maps/tileset/osm_buildings")))
                .method("BAN", HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(ban.statusCode()).isEqualTo(200);
    assertThat(cache(get(mine, "Accept-Encoding", "gzip"))).isEqualTo("MISS");
    assertThat(cache(get(other, "Accept-Encoding", "gzip"))).isEqualTo("HIT");
  }

  @Test
  @Order(5)
  void banFromAnAddressOutsideTheAclIsRefused() throws Exception {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
      socket.connect(new InetSocketAddress("127.0.0.1", varnishPort));
      OutputStream out = socket.getOutputStream();
      out.write(
          "BAN /maps/tileset/osm_buildings HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      assertThat(answer).startsWith("HTTP/1.1 403");
    }
  }

  @Test
  @Order(6)
  void serverErrorsAreNotCached() throws Exception {
    HttpResponse<byte[]> first = get("/maps/tileset/broken/14/8529/5974");
    HttpResponse<byte[]> second = get("/maps/tileset/broken/14/8529/5974");
    assertThat(first.statusCode()).isEqualTo(500);
    assertThat(second.statusCode()).isEqualTo(500);
    assertThat(cache(second)).isEqualTo("MISS");
    assertThat(new String(second.body(), StandardCharsets.UTF_8)).contains("internal_error");
  }

  /**
   * A table's GeoJSON is read once per max-age, keyed on geomField and format in any order; other
   * parameters neither split the key nor reach the store.
   */
  @Test
  @Order(6)
  void aTableIsCachedOnItsTwoParametersOnly() throws Exception {
    HttpResponse<byte[]> first = get("/maps/table/osm_buildings?geomField=geom&format=geojson");
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(cache(first)).isEqualTo("MISS");
    HttpResponse<byte[]> reordered =
        get("/maps/table/osm_buildings?utm_source=x&format=geojson&geomField=geom&_=1");
    assertThat(reordered.statusCode()).isEqualTo(200);
    assertThat(cache(reordered)).isEqualTo("HIT");
    assertThat(reordered.body()).isEqualTo(first.body());

    HttpResponse<byte[]> bare = get("/maps/table/osm_buildings?nocache=1");
    assertThat(cache(bare)).isEqualTo("MISS"); // the API's defaults: a key of its own
    assertThat(cache(get("/maps/table/osm_buildings"))).isEqualTo("HIT");

    HttpResponse<byte[]> bad = get("/maps/table/osm_buildings?geomField=nope");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(cache(get("/maps/table/osm_buildings?geomField=nope"))).isEqualTo("MISS");
  }

  /** The API's 404s for what does not exist say no-store, and the cache keeps none of them. */
  @Test
  @Order(6)
  void anUnknownTableOrTilesetIsNeverCached() throws Exception {
    for (String path : new String[] {"/maps/table/nope", "/maps/tileset/nope"}) {
      HttpResponse<byte[]> first = get(path);
      HttpResponse<byte[]> second = get(path);
      assertThat(first.statusCode()).as(path).isEqualTo(404);
      assertThat(second.statusCode()).as(path).isEqualTo(404);
      assertThat(cache(second)).as(path).isEqualTo("MISS");
    }
  }

  @Test
  @Order(7)
  void servesStaleTilesWhileEveryBackendIsDown() throws Exception {
    String tile = "/maps/tileset/osm_buildings/14/8529/5974";
    byte[] cached = get(tile, "Accept-Encoding", "gzip").body();
    replicas.forEach(TestProcess::close);
    varnish.await(
        "the cached tile to expire", Duration.ofSeconds(30), () -> age(tile) > MAX_AGE + 1);
    HttpResponse<byte[]> stale = get(tile, "Accept-Encoding", "gzip");
    assertThat(stale.statusCode()).isEqualTo(200);
    assertThat(cache(stale)).isEqualTo("HIT");
    assertThat(stale.body()).isEqualTo(cached);
    assertThat(get("/maps/tileset/osm_buildings/16/34118/23897").statusCode()).isEqualTo(503);
  }

  static long age(String path) {
    try {
      return get(path, "Accept-Encoding", "gzip").headers().firstValueAsLong("Age").orElse(0);
    } catch (Exception e) {
      return 0;
    }
  }
}
