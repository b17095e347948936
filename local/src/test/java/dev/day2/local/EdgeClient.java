package dev.day2.local;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Talks to the edge like a browser would, with real certificate verification against the generated
 * self-signed certificate. Java will not resolve {@code *.localhost}, so requests go to 127.0.0.1
 * (an IP SAN of the certificate) with the service's host name in {@code Host} (the test JVM sets
 * {@code jdk.httpclient.allowRestrictedHeaders=host}).
 */
final class EdgeClient {
  private final HttpClient client;
  private final SSLContext context;
  private final int httpsPort;

  EdgeClient(Path pem, int httpsPort) throws Exception {
    this.context = trusting(pem);
    this.client =
        HttpClient.newBuilder()
            .sslContext(context)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.httpsPort = httpsPort;
  }

  HttpResponse<String> get(String host, String path, String... headers) throws Exception {
    return send(host, path, HttpRequest.BodyPublishers.noBody(), "GET", headers);
  }

  HttpResponse<String> send(
      String host, String path, HttpRequest.BodyPublisher body, String method, String... headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("https://" + host + ":" + httpsPort + path))
            .timeout(Duration.ofSeconds(10))
            .method(method, body);
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Sends {@code request} as raw bytes over TLS and returns everything the edge answers. */
  String raw(String host, String request) throws Exception {
    javax.net.ssl.SSLSocketFactory factory = context.getSocketFactory();
    try (javax.net.ssl.SSLSocket socket =
        (javax.net.ssl.SSLSocket) factory.createSocket(host, httpsPort)) {
      socket.setSoTimeout(10_000);
      javax.net.ssl.SSLParameters params = socket.getSSLParameters();
      params.setApplicationProtocols(new String[] {"http/1.1"});
      socket.setSSLParameters(params);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static SSLContext trusting(Path pem) throws Exception {
    String text = Files.readString(pem, StandardCharsets.US_ASCII);
    String cert =
        text.substring(
            text.indexOf("-----BEGIN CERTIFICATE-----"),
            text.indexOf("-----END CERTIFICATE-----") + "-----END CERTIFICATE-----".length());
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry(
        "edge",
        CertificateFactory.getInstance("X.509")
            .generateCertificate(
                new ByteArrayInputStream(cert.getBytes(StandardCharsets.US_ASCII))));
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }
}
