package dev.day2.drills;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The drills' HTTP client. The edge's certificate is make run's self-signed one, so TLS is not
 * verified (loopback only); requests to the edge carry the service's host name in Host, as browsers
 * do, which needs {@code -Djdk.httpclient.allowRestrictedHeaders=host} (the Makefile).
 */
final class Http {
  private Http() {}

  static HttpClient client() {
    try {
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, new TrustManager[] {new TrustAll()}, null);
      return HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .sslContext(tls)
          .build();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static HttpRequest.Builder get(String url) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
  }

  /** {@code https://127.0.0.1:<edge>/path} with {@code Host: <host>}. */
  static HttpRequest.Builder viaEdge(int httpsPort, String host, String path) {
    return get("https://127.0.0.1:" + httpsPort + path).header("Host", host);
  }

  /** Extended, so the JDK adds no host name check of its own (127.0.0.1 vs the certificate). */
  private static final class TrustAll extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
