package dev.day2.portal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.day2.service.testing.AllowChecks;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every API path of the portal answers OPTIONS with the methods it serves, and any other method a
 * JSON 405 with that {@code Allow} (RFC 9110, 15.5.6; {@link AllowChecks}); RESTEasy's own 405 had
 * no {@code Allow}. Backends down, as in {@link PortalResourceTest}: a method counts as served when
 * it answers anything but 405.
 */
@QuarkusTest
@TestProfile(PortalResourceTest.NothingRunning.class)
class AllowTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "/api/config | GET, HEAD, OPTIONS",
        "/api/status | GET, HEAD, OPTIONS",
        "/api/wrpi/history | GET, HEAD, OPTIONS",
        "/api/counter | POST, OPTIONS",
        "/api/users/allow-user/preferences | GET, HEAD, OPTIONS",
        "/api/users/allow-user/preferences/ads | PUT, OPTIONS",
        "/api/users/allow-user/preference-history | GET, HEAD, OPTIONS"
      })
  void eachPathsAllowIsWhatItAnswers(String path, String allow) {
    assertThat(AllowChecks.assertAllowListsExactlyWhatThePathAnswers(path)).isEqualTo(allow);
  }
}
