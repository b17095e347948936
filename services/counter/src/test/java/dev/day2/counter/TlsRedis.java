package dev.day2.counter;

import dev.day2.testing.process.FreePorts;
import dev.day2.testing.process.TestProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} listening only with TLS ({@code --tls-port}, {@code --port 0}) and
 * requiring a password, like ElastiCache with AUTH. The test makes its own CA and a server
 * certificate for {@code certificateHost} with openssl; the service trusts that CA only
 * (quarkus.tls.redis.trust-store.pem.certs) and dials {@code localhost}, so a certificate for
 * another name must fail.
 */
public class TlsRedis implements QuarkusTestResourceLifecycleManager {
  static final String PASSWORD = "tls-test-password";

  private TestProcess server;
  private Path dir;
  private String certificateHost = "localhost";

  @Override
  public void init(Map<String, String> args) {
    certificateHost = args.getOrDefault("certificateHost", "localhost");
  }

  @Override
  public Map<String, String> start() {
    try {
      dir = Files.createTempDirectory(Path.of("target"), "tls-redis").toAbsolutePath();
      openssl(
          "req",
          "-x509",
          "-newkey",
          "rsa:2048",
          "-nodes",
          "-days",
          "1",
          "-subj",
          "/CN=day2 test CA",
          "-keyout",
          "ca.key",
          "-out",
          "ca.pem");
      openssl(
          "req",
          "-newkey",
          "rsa:2048",
          "-nodes",
          "-subj",
          "/CN=" + certificateHost,
          "-keyout",
          "server.key",
          "-out",
          "server.csr");
      Files.writeString(dir.resolve("san.ext"), "subjectAltName=DNS:" + certificateHost + "\n");
      openssl(
          "x509",
          "-req",
          "-in",
          "server.csr",
          "-CA",
          "ca.pem",
          "-CAkey",
          "ca.key",
          "-CAcreateserial",
          "-days",
          "1",
          "-extfile",
          "san.ext",
          "-out",
          "server.pem");
      int port = FreePorts.next();
      server =
          TestProcess.start(
              "redis-server (TLS)",
              List.of(
                  "redis-server",
                  "--port",
                  "0",
                  "--tls-port",
                  String.valueOf(port),
                  "--bind",
                  "127.0.0.1",
                  "--tls-cert-file",
                  dir.resolve("server.pem").toString(),
                  "--tls-key-file",
                  dir.resolve("server.key").toString(),
                  "--tls-ca-cert-file",
                  dir.resolve("ca.pem").toString(),
                  "--tls-auth-clients",
                  "no",
                  "--requirepass",
                  PASSWORD,
                  "--save",
                  "",
                  "--appendonly",
                  "no",
                  "--dir",
                  dir.toString()),
              Map.of(),
              dir.resolve("redis.log"));
      server.awaitPort(port, Duration.ofSeconds(10));
      return Map.of(
          "REDIS_HOST",
          "localhost",
          "REDIS_PORT",
          String.valueOf(port),
          "REDIS_PASS",
          PASSWORD,
          "REDIS_TLS",
          "true",
          "quarkus.tls.redis.trust-store.pem.certs",
          dir.resolve("ca.pem").toString());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("cannot start a TLS redis-server: " + e.getMessage(), e);
    }
  }

  private void openssl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("openssl " + String.join(" ", args) + ": " + out);
    }
  }

  @Override
  public void stop() {
    if (server != null) {
      server.close();
    }
  }
}
