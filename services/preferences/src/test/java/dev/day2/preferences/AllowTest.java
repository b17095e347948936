package dev.day2.preferences;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What each path answers is what its {@code Allow} says: OPTIONS lists exactly the methods that do
 * not answer 405, and every 405 is JSON naming the method, with the same {@code Allow} (RFC 9110,
 * 15.5.6). The truth is taken from the service's answers, so a method added or removed without its
 * Allow list fails here.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(JwtResource.class)
@ExtendWith(SignedRequests.class)
class AllowTest {
  private static final List<String> METHODS =
      List.of("GET", "HEAD", "PUT", "DELETE", "POST", "PATCH", "OPTIONS");

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
    String allow = given().options(path).then().statusCode(200).extract().header("Allow");
    Set<String> answered = new TreeSet<>();
    for (String method : METHODS) {
      var request = given();
      if (method.startsWith("P")) {
        request.contentType("application/json").body("{\"enabled\":true}");
      }
      Response answer = request.request(method, path);
      if (answer.statusCode() != 405) {
        answered.add(method);
        continue;
      }
      assertThat(answer.header("Allow")).as(method + " " + path + ": Allow").isEqualTo(allow);
      assertThat(answer.contentType()).startsWith("application/json");
      assertThat(answer.jsonPath().getString("error")).isEqualTo("method_not_allowed");
      assertThat(answer.jsonPath().getString("message"))
          .isEqualTo(method + " is not allowed here; this path answers " + allow);
    }
    assertThat(answered).as("methods %s answers", path).isEqualTo(methods(allow));
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

  private static Set<String> methods(String allow) {
    return Arrays.stream(allow.split(","))
        .map(String::strip)
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
