package dev.day2.preferences.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code DB_USER} and {@code DB_PASSWORD} from the database secret when the function is given its
 * ARN ({@code DB_SECRET_ARN}) instead of a password: the password never sits in the function's
 * configuration, where {@code lambda:GetFunction} (which the deploy identity has) would show it.
 * Read through the AWS Parameters and Secrets Lambda Extension (a layer the stack adds) on
 * localhost, so the archive carries no AWS SDK. A {@code DB_PASSWORD} in the environment wins.
 */
final class DatabaseSecret {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DatabaseSecret() {}

  /** {@code env}, with DB_USER and DB_PASSWORD from the secret when DB_SECRET_ARN is set. */
  static Function<String, String> resolving(Function<String, String> env) {
    String arn = env.apply("DB_SECRET_ARN");
    if (arn == null || arn.isBlank() || env.apply("DB_PASSWORD") != null) {
      return env;
    }
    Map<String, String> login = fetch(env, arn);
    return name -> login.containsKey(name) ? login.get(name) : env.apply(name);
  }

  /** {@code {DB_USER, DB_PASSWORD}} from the secret's {@code username} and {@code password}. */
  static Map<String, String> fetch(Function<String, String> env, String arn) {
    String port = env.apply("PARAMETERS_SECRETS_EXTENSION_HTTP_PORT");
    URI uri =
        URI.create(
            "http://localhost:"
                + (port == null ? "2773" : port)
                + "/secretsmanager/get?secretId="
                + URLEncoder.encode(arn, StandardCharsets.UTF_8));
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(5))
            .header(
                "X-Aws-Parameters-Secrets-Token", String.valueOf(env.apply("AWS_SESSION_TOKEN")))
            .build();
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "DB_SECRET_ARN: the secrets extension answered " + response.statusCode());
      }
      JsonNode secret = JSON.readTree(JSON.readTree(response.body()).path("SecretString").asText());
      String user = secret.path("username").asText(null);
      String password = secret.path("password").asText(null);
      if (user == null || password == null) {
        throw new IllegalStateException("DB_SECRET_ARN: the secret has no username or password");
      }
      return Map.of("DB_USER", user, "DB_PASSWORD", password);
    } catch (IOException e) {
      throw new IllegalStateException(
          "DB_SECRET_ARN: cannot read the secret: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("DB_SECRET_ARN: interrupted", e);
    }
  }
}
