package dev.day2.service.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What a path answers is what its {@code Allow} says (RFC 9110, 15.5.6): {@code OPTIONS} lists
 * exactly the methods that do not answer 405, and every 405 is JSON naming the method, with the
 * same {@code Allow}. The truth is taken from the running service's answers (REST Assured's
 * defaults: base URI, port, any filter a test installs), so a method added or removed without its
 * {@code Allow} fails. Writes carry an empty JSON object: whatever a path makes of it (200, 400,
 * 503…), only a 405 counts as not answered.
 */
public final class AllowChecks {
  private static final List<String> METHODS =
      List.of("GET", "HEAD", "PUT", "DELETE", "POST", "PATCH", "OPTIONS");

  private AllowChecks() {}

  /** Asserts the above for {@code path}; returns its {@code Allow}. */
  public static String assertAllowListsExactlyWhatThePathAnswers(String path) {
    String allow = given().options(path).then().statusCode(200).extract().header("Allow");
    assertThat(allow).as("OPTIONS %s: Allow", path).isNotBlank();
    Set<String> answered = new TreeSet<>();
    for (String method : METHODS) {
      var request = given();
      if (method.startsWith("P")) {
        request.contentType("application/json").body("{}");
      }
      Response answer = request.request(method, path);
      if (answer.statusCode() != 405) {
        answered.add(method);
        continue;
      }
      assertThat(answer.header("Allow")).as(method + " " + path + ": Allow").isEqualTo(allow);
      assertThat(answer.contentType()).startsWith("application/json");
      if (method.equals("HEAD")) {
        continue; // the answer to HEAD has no body
      }
      assertThat(answer.jsonPath().getString("error")).isEqualTo("method_not_allowed");
      assertThat(answer.jsonPath().getString("message"))
          .isEqualTo(method + " is not allowed here; this path answers " + allow);
    }
    assertThat(answered).as("methods %s answers", path).isEqualTo(methods(allow));
    return allow;
  }

  private static Set<String> methods(String allow) {
    return Arrays.stream(allow.split(","))
        .map(String::strip)
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
