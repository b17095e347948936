package dev.day2.preferences;

import static org.assertj.core.api.Assertions.assertThat;

import dev.day2.service.testing.AllowChecks;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What each path answers is what its {@code Allow} says ({@link AllowChecks}): the lists come from
 * service-common's {@code AllowedMethods}, which reads the resources and the plain read route.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(JwtResource.class)
@ExtendWith(SignedRequests.class)
class AllowTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "/v1/users/allow-user/preferences",
        "/v1/users/allow-user/preferences/",
        "/v1/users/allow-user/preferences/ads",
        "/v1/users/allow-user/preference-history",
        "/v1/users/allow-user/preference-history/"
      })
  void allowListsExactlyTheMethodsThePathAnswers(String path) {
    AllowChecks.assertAllowListsExactlyWhatThePathAnswers(path);
  }

  /** The lists themselves, as the README's API table states them. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "/v1/users/allow-user/preferences | GET, HEAD, DELETE, OPTIONS",
        "/v1/users/allow-user/preferences/ads | GET, HEAD, PUT, DELETE, OPTIONS",
        "/v1/users/allow-user/preference-history | GET, HEAD, OPTIONS"
      })
  void eachPathAnswersWhatTheReadmeSays(String path, String allow) {
    assertThat(AllowChecks.assertAllowListsExactlyWhatThePathAnswers(path)).isEqualTo(allow);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/v1/users/allow-user/preferences",
        "/v1/users/allow-user/preferences/x",
        "/v1/users/allow-user/preference-history"
      })
  void optionsNeedsNoToken(String path) throws Exception {
    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(RestAssured.baseURI + ":" + RestAssured.port + path))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Allow")).isPresent();
  }
}
