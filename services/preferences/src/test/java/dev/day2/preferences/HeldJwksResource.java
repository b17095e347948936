package dev.day2.preferences;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The issuer's JWKS endpoint as staging and prod configure it ({@code JWT_PUBLIC_KEY_LOCATION} an
 * http(s) URL), on loopback, serving {@link TestTokens}' public key. Its first answer is held until
 * the test calls {@link #release()}: a slow identity provider, made deterministic. While it is
 * held, {@link #fetchStarted} is counted down and the fetching thread is blocked in its read.
 */
public class HeldJwksResource implements QuarkusTestResourceLifecycleManager {
  static final CountDownLatch fetchStarted = new CountDownLatch(1);
  private static final CountDownLatch released = new CountDownLatch(1);
  private HttpServer server;

  static void release() {
    released.countDown();
  }

  @Override
  public Map<String, String> start() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] jwks = jwks((RSAPublicKey) TestTokens.publicKey()).getBytes(StandardCharsets.UTF_8);
    server.createContext(
        "/jwks.json",
        exchange -> {
          fetchStarted.countDown();
          try {
            if (!released.await(60, TimeUnit.SECONDS)) {
              exchange.sendResponseHeaders(504, -1);
              exchange.close();
              return;
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.close();
            return;
          }
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, jwks.length);
          try (OutputStream body = exchange.getResponseBody()) {
            body.write(jwks);
          }
        });
    server.start();
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json";
    // The property itself, above JwtResource's JWT_PUBLIC_KEY_LOCATION (a PEM file).
    return Map.of("mp.jwt.verify.publickey.location", url);
  }

  @Override
  public void stop() {
    release();
    if (server != null) {
      server.stop(0);
    }
  }

  /** {@code {"keys":[...]}} with the one RSA key, as an issuer publishes it (RFC 7517). */
  static String jwks(RSAPublicKey key) {
    return "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"n\":\""
        + base64Url(key.getModulus())
        + "\",\"e\":\""
        + base64Url(key.getPublicExponent())
        + "\"}]}";
  }

  private static String base64Url(BigInteger value) {
    byte[] bytes = value.toByteArray();
    if (bytes.length > 1 && bytes[0] == 0) {
      bytes = Arrays.copyOfRange(bytes, 1, bytes.length); // unsigned, as JWK wants it
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
