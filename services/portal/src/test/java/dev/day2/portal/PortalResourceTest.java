package dev.day2.portal;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The portal with every backend it calls down (ports nobody listens on): the page and its vendored
 * libraries are served, and each API degrades to a clear answer instead of a 500.
 */
@QuarkusTest
@TestProfile(PortalResourceTest.NothingRunning.class)
class PortalResourceTest {
  /** Counter, preferences and Prometheus on a closed loopback port. */
  public static class NothingRunning implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "portal.counter-url", "http://127.0.0.1:9",
          "portal.preferences-url", "http://127.0.0.1:9",
          "portal.prometheus-url", "http://127.0.0.1:9");
    }
  }

  @Test
  void servesThePageAndItsVendoredLibrariesWithoutACdn() {
    given()
        .get("/")
        .then()
        .statusCode(200)
        .body(containsString("<title>Day2 portal</title>"))
        .body(org.hamcrest.Matchers.not(containsString("https://cdn")));
    given().get("/vendor/maplibre-gl/maplibre-gl.mjs").then().statusCode(200);
    given().get("/vendor/maplibre-gl/maplibre-gl-worker.mjs").then().statusCode(200);
    given().get("/vendor/uplot/uPlot.esm.js").then().statusCode(200);
    given().get("/docs/runbooks/TargetDown.md").then().statusCode(200);
  }

  @Test
  void configListsTheEnvironmentsInOrder() {
    given()
        .get("/api/config")
        .then()
        .statusCode(200)
        .body("environments.name", org.hamcrest.Matchers.contains("local", "staging", "prod"))
        .body("tileset", equalTo("osm_buildings"))
        .body("services", hasItems("hello", "wrpi-api", "tiles", "portal"));
  }

  @Test
  void statusListsEveryServiceAndSaysWhyWhenPrometheusIsDown() {
    given()
        .get("/api/status")
        .then()
        .statusCode(200)
        .body("prometheus", containsString("Prometheus is unreachable"))
        .body("services.name", hasItems("hello", "wrpi-api", "wrpi-updater", "counter"))
        .body("services.up", everyItem(nullValue()))
        .body("alerts.size()", equalTo(0));
    given()
        .get("/api/wrpi/history")
        .then()
        .statusCode(200)
        .body("prometheus", containsString("unreachable"));
  }

  @Test
  void aDownCounterOrPreferencesApiIs503Json() {
    given()
        .post("/api/counter")
        .then()
        .statusCode(503)
        .body("error", equalTo("counter_unavailable"));
    given()
        .get("/api/users/u1/preferences")
        .then()
        .statusCode(503)
        .body("error", equalTo("preferences_unavailable"));
    given()
        .get("/api/users/u1/preference-history")
        .then()
        .statusCode(503)
        .body("error", equalTo("preferences_unavailable"));
  }

  @Test
  void rejectsBadIdsAndBodiesWith400() {
    given().get("/api/users/bad%20id/preferences").then().statusCode(400);
    given()
        .get("/api/users/bad%20id/preference-history")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_user_id"));
    given()
        .contentType("application/json")
        .body("{\"enabled\":true}")
        .put("/api/users/u1/preferences/bad%20purpose")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_purpose"));
    given()
        .contentType("application/json")
        .body("{\"enabled\":")
        .put("/api/users/u1/preferences/analytics")
        .then()
        .statusCode(400);
  }
}
