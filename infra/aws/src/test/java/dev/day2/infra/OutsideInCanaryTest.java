package dev.day2.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The outside-in canary's script ({@link OutsideInCanary#SCRIPT}) under real node, over real TLS,
 * against stand-in servers that answer as each public host's contract says, then break one answer
 * at a time. CloudWatch Synthetics itself cannot run here (no AWS): what is tested is the script
 * the canary runs, which uses node's built-ins only; {@code OperationsStackTest} checks the canary
 * resource carries this very file.
 */
class OutsideInCanaryTest {
  private static final String ZONE = "canary.test";
  private static final Path SCRIPT = Path.of("src/main/resources" + OutsideInCanary.SCRIPT);
  private static final List<String> CHECKS =
      List.of(
          "hello",
          "wrpi-api ready",
          "counter ready",
          "counter redirects to HTTPS",
          "tiles TileJSON",
          "preferences asks for a token");

  @TempDir static Path dir;
  private static Path caPem;
  private static HttpsServer https;
  private static HttpServer http;
  private static final Map<String, Answer> BROKEN = new ConcurrentHashMap<>();
  private static final CountDownLatch RELEASE = new CountDownLatch(1);

  /** What a stand-in host answers; {@code hang} holds the request until the test class ends. */
  record Answer(int status, String body, Map<String, String> headers, boolean hang) {
    static Answer of(int status, String body, String... headers) {
      Map<String, String> map = new HashMap<>();
      for (int i = 0; i < headers.length; i += 2) {
        map.put(headers[i], headers[i + 1]);
      }
      return new Answer(status, body, map, false);
    }
  }

  private static final String HSTS = "max-age=63072000; includeSubDomains";

  /** The contract of each public host: "host path" → answer. */
  private static Answer expected(String hostAndPath) {
    return switch (hostAndPath) {
      case "hello." + ZONE + " /" ->
          Answer.of(
              200,
              "hello world, the time is 2026-12-02T03:00:00Z\n",
              "Strict-Transport-Security",
              HSTS);
      case "wrpi." + ZONE + " /q/health/ready", "counter." + ZONE + " /q/health/ready" ->
          Answer.of(
              200,
              "{\n    \"status\": \"UP\",\n    \"checks\": []\n}",
              "Strict-Transport-Security",
              HSTS);
      case "tiles." + ZONE + " /maps/tileset/osm_buildings" ->
          Answer.of(
              200,
              "{\"tilejson\":\"3.0.0\",\"tiles\":[\"https://tiles."
                  + ZONE
                  + "/maps/tileset/osm_buildings/{z}/{x}/{y}?v=1\"]}",
              "Strict-Transport-Security",
              HSTS);
      case "preferences." + ZONE + " /v1/users/outside-in-check/preferences" ->
          Answer.of(401, "{\"message\":\"Unauthorized\"}");
      default -> Answer.of(404, "{\"error\":\"unknown_host\"}");
    };
  }

  @BeforeAll
  static void standIns() throws Exception {
    Path keystore = dir.resolve("edge.p12");
    run(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
            "-genkeypair",
            "-alias",
            "edge",
            "-keyalg",
            "EC",
            "-groupname",
            "secp256r1",
            "-dname",
            "CN=*." + ZONE,
            "-ext",
            "SAN=dns:*." + ZONE,
            "-validity",
            "30",
            "-keystore",
            keystore.toString(),
            "-storetype",
            "PKCS12",
            "-storepass",
            "changeit"));
    caPem = dir.resolve("ca.pem");
    run(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
            "-exportcert",
            "-rfc",
            "-alias",
            "edge",
            "-keystore",
            keystore.toString(),
            "-storepass",
            "changeit",
            "-file",
            caPem.toString()));
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(keystore.toFile())) {
      store.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, "changeit".toCharArray());
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keys.getKeyManagers(), null, null);
    https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    https.setHttpsConfigurator(new HttpsConfigurator(tls));
    https.createContext("/", OutsideInCanaryTest::answer);
    https.setExecutor(Executors.newCachedThreadPool());
    https.start();
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    // The edge's plain-HTTP frontend: every request is a 301 to the same host and path on HTTPS.
    http.createContext(
        "/",
        exchange -> {
          String host = exchange.getRequestHeaders().getFirst("Host");
          Answer broken = BROKEN.get(host + " http");
          exchange
              .getResponseHeaders()
              .add(
                  "Location",
                  broken != null
                      ? broken.body()
                      : "https://" + host + exchange.getRequestURI().getRawPath());
          exchange.sendResponseHeaders(301, -1);
          exchange.close();
        });
    http.start();
  }

  private static void answer(HttpExchange exchange) throws IOException {
    String key =
        exchange.getRequestHeaders().getFirst("Host") + " " + exchange.getRequestURI().getPath();
    Answer answer = BROKEN.getOrDefault(key, expected(key));
    if (answer.hang()) {
      try {
        RELEASE.await(1, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
    byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(answer.status(), body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  @AfterEach
  void mend() {
    BROKEN.clear();
  }

  @AfterAll
  static void stop() {
    RELEASE.countDown();
    https.stop(0);
    http.stop(0);
  }

  record Run(int exit, List<String> lines) {
    String line(String check) {
      return lines.stream()
          .filter(l -> l.matches("^(ok|FAIL) +" + java.util.regex.Pattern.quote(check) + ":.*"))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no line for " + check + " in " + lines));
    }
  }

  private static Run canary(String... env) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder("node", SCRIPT.toString()).redirectErrorStream(true);
    Map<String, String> environment = builder.environment();
    environment.put("ZONE", ZONE);
    environment.put("TILESET", Contract.TILESET_ID);
    environment.put("CONNECT_HTTPS", "127.0.0.1:" + https.getAddress().getPort());
    environment.put("CONNECT_HTTP", "127.0.0.1:" + http.getAddress().getPort());
    environment.put("NODE_EXTRA_CA_CERTS", caPem.toString());
    environment.put("TIMEOUT_MS", "5000");
    for (int i = 0; i < env.length; i += 2) {
      if (env[i + 1] == null) {
        environment.remove(env[i]);
      } else {
        environment.put(env[i], env[i + 1]);
      }
    }
    Process process = builder.start();
    List<String> lines = new ArrayList<>();
    try (var reader = process.inputReader()) {
      reader.lines().forEach(lines::add);
    }
    assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
    return new Run(process.exitValue(), lines);
  }

  private static void run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(out).isZero();
  }

  @Test
  void passesWhenEveryHostAnswersItsContract() throws Exception {
    Run run = canary();
    assertThat(run.exit()).as("%s", run.lines()).isZero();
    for (String check : CHECKS) {
      assertThat(run.line(check)).startsWith("ok");
    }
    assertThat(run.lines()).contains("6 outside-in checks passed");
  }

  static Stream<Arguments> brokenAnswers() {
    return Stream.of(
        Arguments.of(
            "hello." + ZONE + " /",
            Answer.of(503, "{}", "Strict-Transport-Security", HSTS),
            "hello",
            "status 503, expected 200"),
        Arguments.of(
            "hello." + ZONE + " /",
            Answer.of(200, "Hello World!", "Strict-Transport-Security", HSTS),
            "hello",
            "body does not match"),
        Arguments.of(
            "wrpi." + ZONE + " /q/health/ready",
            Answer.of(503, "{\"status\": \"DOWN\"}", "Strict-Transport-Security", HSTS),
            "wrpi-api ready",
            "status 503, expected 200"),
        Arguments.of(
            "counter." + ZONE + " http",
            Answer.of(301, "http://counter." + ZONE + "/"),
            "counter redirects to HTTPS",
            "Location http://counter." + ZONE + "/, expected https://counter." + ZONE + "/"),
        Arguments.of(
            "tiles." + ZONE + " /maps/tileset/osm_buildings",
            Answer.of(200, "{\"tiles\":[\"https://tiles." + ZONE + "/x\"]}"),
            "tiles TileJSON",
            "no Strict-Transport-Security header"),
        Arguments.of(
            "preferences." + ZONE + " /v1/users/outside-in-check/preferences",
            Answer.of(200, "[]"),
            "preferences asks for a token",
            "status 200, expected 401"));
  }

  @ParameterizedTest(name = "{2}: {3}")
  @MethodSource("brokenAnswers")
  void failsNamingTheOneHostThatBreaksItsContract(
      String hostAndPath, Answer answer, String check, String problem) throws Exception {
    BROKEN.put(hostAndPath, answer);
    Run run = canary();
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.line(check)).startsWith("FAIL").contains(problem);
    for (String other : CHECKS) {
      if (!other.equals(check)) {
        assertThat(run.line(other)).startsWith("ok");
      }
    }
    assertThat(run.lines())
        .anyMatch(l -> l.startsWith("1 of 6 outside-in checks failed: " + check));
  }

  @Test
  void failsEveryHttpsCheckWhenTheCertificateIsCloseToExpiry() throws Exception {
    Run run = canary("CERT_MIN_DAYS", "60"); // the stand-ins' certificate is valid for 30 days
    assertThat(run.exit()).isEqualTo(1);
    for (String check : CHECKS) {
      if (check.equals("counter redirects to HTTPS")) {
        assertThat(run.line(check)).startsWith("ok");
      } else {
        assertThat(run.line(check))
            .startsWith("FAIL")
            .containsPattern("TLS certificate expires in (29|30)\\.\\d days .*, under 60");
      }
    }
  }

  @Test
  void failsWhenTheCertificateIsNotTrusted() throws Exception {
    Run run = canary("NODE_EXTRA_CA_CERTS", null);
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.line("hello")).startsWith("FAIL").contains("certificate");
    assertThat(run.line("counter redirects to HTTPS")).startsWith("ok");
  }

  @Test
  void failsWhenAHostDoesNotAnswerInTime() throws Exception {
    BROKEN.put("hello." + ZONE + " /", new Answer(200, "", Map.of(), true));
    Run run = canary("TIMEOUT_MS", "1000");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.line("hello")).startsWith("FAIL").contains("no answer within 1000 ms");
  }

  @Test
  void refusesToRunWithoutItsZone() throws Exception {
    Run run = canary("ZONE", null);
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.lines()).containsExactly("ZONE is not set");
  }

  @Test
  void theScriptOnDiskIsTheOneTheCanaryCarries() throws Exception {
    assertThat(OutsideInCanary.script()).isEqualTo(Files.readString(SCRIPT));
  }
}
