package dev.day2.preferences.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The database login from the secret, read through the Parameters and Secrets extension. The
 * extension exists only inside Lambda, so a stand-in on 127.0.0.1 answers as it does (its
 * documented GET /secretsmanager/get?secretId=..., session-token header, GetSecretValue JSON).
 */
class DatabaseSecretTest {
  static final String ARN = "arn:aws:secretsmanager:eu-west-1:111111111111:secret:prefs-db-AbCdEf";
  HttpServer extension;
  final List<String> seen = new CopyOnWriteArrayList<>();
  volatile int status = 200;
  volatile String secretString = "{\"username\":\"preferences\",\"password\":\"s3cret\"}";

  @BeforeEach
  void start() throws Exception {
    extension = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    extension.createContext(
        "/secretsmanager/get",
        exchange -> {
          seen.add(
              exchange.getRequestURI().getRawQuery()
                  + " "
                  + exchange.getRequestHeaders().getFirst("X-Aws-Parameters-Secrets-Token"));
          String body =
              "{\"ARN\":\""
                  + ARN
                  + "\",\"SecretString\":"
                  + LambdaEvents.JSON.writeValueAsString(secretString)
                  + "}";
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    extension.start();
  }

  @AfterEach
  void stop() {
    extension.stop(0);
  }

  private Function<String, String> env(Map<String, String> more) {
    Map<String, String> all =
        new java.util.HashMap<>(
            Map.of(
                "DB_SECRET_ARN",
                ARN,
                "AWS_SESSION_TOKEN",
                "session-token",
                "PARAMETERS_SECRETS_EXTENSION_HTTP_PORT",
                Integer.toString(extension.getAddress().getPort()),
                "DB_HOST",
                "proxy.example"));
    all.putAll(more);
    return all::get;
  }

  /**
   * ADR 0096: the datasource asks SecretCredentialsProvider on every new connection (Agroal calls a
   * credentials provider per connection), and it reads the secret each time, so a rotated password
   * is used without a redeploy.
   */
  @Test
  void theCredentialsProviderReadsTheSecretAsItIsNow() {
    SecretCredentialsProvider provider = new SecretCredentialsProvider(env(Map.of()), null);
    assertThat(provider.getCredentials(SecretCredentialsProvider.NAME))
        .containsEntry("user", "preferences")
        .containsEntry("password", "s3cret");
    secretString = "{\"username\":\"preferences_clone\",\"password\":\"rotated\"}";
    assertThat(provider.getCredentials(SecretCredentialsProvider.NAME))
        .containsEntry("user", "preferences_clone")
        .containsEntry("password", "rotated");
    assertThat(seen).hasSize(2);
  }

  @Test
  void withoutASecretTheCredentialsProviderGivesTheConfiguredLogin() {
    var config =
        new io.smallrye.config.SmallRyeConfigBuilder()
            .withDefaultValue("quarkus.datasource.username", "local")
            .withDefaultValue("quarkus.datasource.password", "pw")
            .build();
    SecretCredentialsProvider provider =
        new SecretCredentialsProvider(env(Map.of("DB_SECRET_ARN", "")), config);
    assertThat(provider.getCredentials(SecretCredentialsProvider.NAME))
        .containsEntry("user", "local")
        .containsEntry("password", "pw");
    assertThat(seen).isEmpty();
  }

  @Test
  void readsTheLoginFromTheSecretWithTheSessionToken() {
    Function<String, String> resolved = DatabaseSecret.resolving(env(Map.of()));
    assertThat(resolved.apply("DB_USER")).isEqualTo("preferences");
    assertThat(resolved.apply("DB_PASSWORD")).isEqualTo("s3cret");
    assertThat(resolved.apply("DB_HOST")).isEqualTo("proxy.example");
    assertThat(seen)
        .singleElement()
        .asString()
        .contains("secretId=arn%3Aaws%3Asecretsmanager")
        .endsWith(" session-token");
  }

  @Test
  void aPasswordInTheEnvironmentWinsAndNothingIsFetched() {
    Function<String, String> resolved = DatabaseSecret.resolving(env(Map.of("DB_PASSWORD", "env")));
    assertThat(resolved.apply("DB_PASSWORD")).isEqualTo("env");
    assertThat(seen).isEmpty();
    assertThat(new DatabaseSecretConfigSource(env(Map.of("DB_PASSWORD", "env"))).getPropertyNames())
        .isEmpty();
  }

  @Test
  void theConfigSourceGivesTheDatasourceTheLogin() {
    DatabaseSecretConfigSource source = new DatabaseSecretConfigSource(env(Map.of()));
    assertThat(source.getValue("DB_PASSWORD")).isEqualTo("s3cret");
    assertThat(source.getValue("DB_USER")).isEqualTo("preferences");
    assertThat(source.getValue("DB_HOST")).isNull();
    assertThat(seen).hasSize(1); // read once
  }

  @Test
  void aFailureIsOneLineNamingTheVariable() {
    status = 400;
    assertThatThrownBy(() -> DatabaseSecret.resolving(env(Map.of())))
        .hasMessage("DB_SECRET_ARN: the secrets extension answered 400");
    status = 200;
    secretString = "{\"username\":\"preferences\"}";
    assertThatThrownBy(() -> DatabaseSecret.resolving(env(Map.of())))
        .hasMessage("DB_SECRET_ARN: the secret has no username or password");
  }
}
