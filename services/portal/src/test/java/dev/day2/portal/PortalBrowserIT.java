package dev.day2.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.WaitForSelectorState;
import com.sun.net.httpserver.HttpServer;
import dev.day2.local.RunnerProcess;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The portal in Debian's chromium (Playwright, SwiftShader WebGL) against the whole {@code make
 * run} topology on shifted ports: real services, Redis, PostgreSQL, Varnish, the HAProxy edge and
 * Prometheus. Each panel is proven against the real service; screenshots land in
 * target/portal-screenshots/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PortalBrowserIT {
  static final int OFFSET = 5300;
  static final String PASSWORD = UUID.randomUUID().toString();
  static final String PORTAL = "https://portal.localhost:" + (8443 + OFFSET) + "/";
  static final String TILES = "https://tiles.localhost:" + (8443 + OFFSET);
  static final String WRPI = "https://wrpi.localhost:" + (8443 + OFFSET);
  static final Path SHOTS = Path.of("target/portal-screenshots");
  static final java.util.regex.Pattern TOKEN_LINE =
      java.util.regex.Pattern.compile("preferences: this run's bearer token .* is (\\S+)$");

  @TempDir static Path tmp;
  static RunnerProcess run;
  static Playwright playwright;
  static Browser browser;
  static BrowserContext context;
  static Page page;
  static final List<String> consoleErrors = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startMakeRunAndChromium() throws Exception {
    run =
        RunnerProcess.start(
            Path.of(System.getProperty("day2.home")),
            Map.of(
                "PORT_OFFSET",
                Integer.toString(OFFSET),
                "APP_PASSWORD",
                PASSWORD,
                // one replica each: the panels need every service, not its HA pair
                "REPLICAS",
                "1",
                "DAY2_RUN_DIR",
                tmp.resolve("run").toString()));
    assertThat(run.awaitReady(240)).as("runner output ends: %s", tail(run.output)).isTrue();
    Files.createDirectories(SHOTS);
    playwright = Chromium.playwright();
    browser = Chromium.launch(playwright);
    context = Chromium.newContext(browser);
    page = context.newPage();
    page.onConsoleMessage(message -> {
      if (message.type().equals("error")) {
        consoleErrors.add(message.text() + " at " + message.location());
      }
    });
  }

  @AfterAll
  static void stopAll() throws Exception {
    if (page != null) {
      page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("portal.png")));
    }
    if (playwright != null) {
      playwright.close();
    }
    if (run != null) {
      run.close();
    }
  }

  @Test
  @Order(1)
  void theMapDrawsMonacosBuildingsFromTilesServedThroughTheCache() throws Exception {
    List<Response> tiles = tileResponses(context);
    page.navigate(PORTAL);
    awaitMapIdle(page);
    byte[] shot =
        page.locator("#map")
            .screenshot(new Locator.ScreenshotOptions().setPath(SHOTS.resolve("map.png")));
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(shot));
    List<int[]> buildings = buildingPixels(image);
    assertThat(buildings.size())
        .as("building-coloured pixels on the %dx%d map", image.getWidth(), image.getHeight())
        .isGreaterThan(image.getWidth() * image.getHeight() / 50);
    assertThat(tiles).isNotEmpty();
    assertThat(tiles).allSatisfy(r -> assertThat(r.status()).as(r.url()).isIn(200, 204));
    assertThat(tiles).anySatisfy(r -> assertThat(r.status()).isEqualTo(200));

    // Hovering a building shows its OSM attributes.
    int[] pixel = buildings.get(buildings.size() / 2);
    var box = page.locator("#map").boundingBox();
    page.mouse().move(box.x + pixel[0], box.y + pixel[1]);
    page.waitForFunction(
        "() => document.querySelector('#building-info').textContent.includes('building')");

    // Another visitor (an empty browser cache): every tile now comes from Varnish.
    try (BrowserContext second = Chromium.newContext(browser)) {
      List<Response> again = tileResponses(second);
      Page other = second.newPage();
      other.navigate(PORTAL);
      awaitMapIdle(other);
      assertThat(again).isNotEmpty();
      assertThat(again)
          .allSatisfy(r -> assertThat(r.headerValue("x-cache")).as(r.url()).isEqualTo("HIT"));
    }
  }

  @Test
  @Order(2)
  void wrpiShowsTheValueWithTheRightPasswordAndSays401WithAWrongOne() {
    page.fill("#wrpi-password", PASSWORD);
    page.click("#wrpi-form button");
    page.waitForSelector("#wrpi-value");
    assertThat(page.textContent("#wrpi-value")).matches("\\d{1,3}(\\.\\d{1,4})?");
    assertThat(page.textContent("#wrpi-result")).contains("calculated").contains("s ago");

    page.fill("#wrpi-password", "not-the-password");
    page.click("#wrpi-form button");
    page.waitForSelector("#wrpi-result.error");
    assertThat(page.textContent("#wrpi-result")).contains("Wrong password").contains("401");
  }

  @Test
  @Order(3)
  void theCounterIncrementsOnEachVisit() {
    page.click("#counter-visit");
    page.waitForSelector("#counter-count");
    long first = Long.parseLong(page.textContent("#counter-count"));
    page.click("#counter-visit");
    page.waitForFunction(
        "n => document.querySelector('#counter-count').textContent === n",
        String.valueOf(first + 1));
  }

  @Test
  @Order(4)
  void aConsentToggleSurvivesAReload() {
    String user = "portal-it-" + UUID.randomUUID().toString().substring(0, 8);
    page.fill("#pref-user", user);
    page.fill("#pref-token", preferencesToken());
    page.click("#preferences-form button");
    page.waitForSelector("#consents:not([disabled])");
    Locator analytics = page.locator("input[data-purpose=analytics]");
    assertThat(analytics.isChecked()).isFalse();
    analytics.check();
    page.waitForFunction(
        "() => document.querySelector('#preferences-result').textContent.startsWith('Saved: analytics on')");

    page.reload();
    page.waitForSelector("#consents:not([disabled])");
    assertThat(page.inputValue("#pref-user")).isEqualTo(user);
    assertThat(page.locator("input[data-purpose=analytics]").isChecked()).isTrue();
    assertThat(page.locator("input[data-purpose=marketing]").isChecked()).isFalse();

    // the consent history, newest first: turned on, then off, each by the token's subject
    page.locator("input[data-purpose=analytics]").uncheck();
    page.waitForFunction("() => document.querySelectorAll('#consent-history li').length === 2");
    List<String> history = page.locator("#consent-history li").allTextContents();
    assertThat(history.get(0)).endsWith("analytics off, by " + tokenSubject());
    assertThat(history.get(1)).endsWith("analytics on, by " + tokenSubject());
  }

  @Test
  @Order(5)
  void theStatusPanelListsEveryServiceWithPrometheusNumbers() {
    List<String> services =
        List.of("hello", "wrpi-api", "wrpi-updater", "counter", "preferences", "tiles", "portal");
    // Prometheus scrapes every 15 s: reload until it has seen the counter.
    long deadline = System.currentTimeMillis() + 60_000;
    while (true) {
      page.waitForSelector("#status-table tbody tr[data-service=portal]");
      String counterUp = page.textContent("#status-table tr[data-service=counter] td");
      if ("1/1".equals(counterUp) || System.currentTimeMillis() > deadline) {
        break;
      }
      page.waitForTimeout(3000); // polling interval: the next scrape
      page.reload();
    }
    assertThat(page.textContent("#status-source")).startsWith("From Prometheus");
    for (String service : services) {
      assertThat(page.locator("#status-table tr[data-service=" + service + "]").count())
          .as(service)
          .isEqualTo(1);
    }
    assertThat(page.textContent("#status-table tr[data-service=counter] td")).isEqualTo("1/1");
    page.screenshot(
        new Page.ScreenshotOptions().setPath(SHOTS.resolve("portal-full.png")).setFullPage(true));
  }

  @Test
  @Order(6)
  void noConsoleErrorsAndNoSeriousAccessibilityViolations() throws Exception {
    // The one expected error: the browser logs the 401 of the wrong-password step. Chromium
    // aborts requests with ERR_NETWORK_CHANGED when another process adds a network interface
    // (container tests on a shared machine): not the page's doing.
    assertThat(consoleErrors)
        .filteredOn(e -> !(e.contains("status of 401") && e.contains("/v0/wrpi")))
        .filteredOn(e -> !e.contains("net::ERR_NETWORK_CHANGED"))
        .isEmpty();
    page.addScriptTag(
        new Page.AddScriptTagOptions().setPath(Path.of(System.getProperty("portal.axe"))));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> violations =
        (List<Map<String, Object>>)
            page.evaluate(
                "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
                    + ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
                    + ".map(v => ({id: v.id, impact: v.impact, help: v.help,"
                    + " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))");
    assertThat(violations).isEmpty();
  }

  @Test
  @Order(7)
  void aPageOnAnotherOriginMayUseTheTilesButNotWrpi() throws Exception {
    // A page served on its own origin, as CARTO's jsfiddle was: not the portal's, and not listed
    // in wrpi-api's CORS_ALLOWED_ORIGINS.
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] html = "<!doctype html><title>fiddle</title>".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/html");
          exchange.sendResponseHeaders(200, html.length);
          exchange.getResponseBody().write(html);
          exchange.close();
        });
    server.start();
    try (BrowserContext fiddle = Chromium.newContext(browser)) {
      Page other = fiddle.newPage();
      other.navigate("http://fiddle.localhost:" + server.getAddress().getPort() + "/");
      @SuppressWarnings("unchecked")
      Map<String, Object> tiles =
          (Map<String, Object>)
              other.evaluate(
                  "async (base) => {"
                      // a custom header makes these preflighted requests
                      + " const h = {'X-Request-ID': 'fiddle-1'};"
                      + " const tj = await (await fetch(base + '/maps/tileset/osm_buildings',"
                      + " {headers: h})).json();"
                      + " const tile = await fetch(tj.tiles[0].replace('{z}/{x}/{y}',"
                      + " '14/8529/5974'), {headers: h});"
                      + " return {name: tj.name, tile: tile.status,"
                      + " cache: tile.headers.get('X-Cache')}; }",
                  TILES);
      assertThat(tiles).containsEntry("name", "osm_buildings").containsEntry("tile", 200);
      assertThat(tiles.get("cache")).isIn("HIT", "MISS");
      Object wrpi =
          other.evaluate(
              "async ([url, pw]) => { try { const r = await fetch(url + '/v0/wrpi',"
                  + " {headers: {Authorization: 'Basic ' + btoa('x:' + pw)}});"
                  + " return 'allowed ' + r.status; } catch (e) { return 'refused'; } }",
              List.of(WRPI, PASSWORD));
      assertThat(wrpi).isEqualTo("refused");
    } finally {
      server.stop(0);
    }
  }

  /** Why the runner stopped (its "make run:" line) and its last lines. */
  private static List<String> tail(List<String> lines) {
    List<String> shown =
        new ArrayList<>(
            lines.stream()
                .filter(l -> l.startsWith("make run:") || l.contains("did not become ready"))
                .toList());
    shown.addAll(lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    return shown;
  }

  /** The bearer token make run prints for the preferences API (the user pastes it, too). */
  private static String preferencesToken() {
    return run.output.stream()
        .map(TOKEN_LINE::matcher)
        .filter(java.util.regex.Matcher::find)
        .map(m -> m.group(1))
        .findFirst()
        .orElse("");
  }

  /** That token's subject ({@code sub}), whom the consent history names for its changes. */
  private static String tokenSubject() {
    String payload =
        new String(
            java.util.Base64.getUrlDecoder().decode(preferencesToken().split("\\.")[1]),
            java.nio.charset.StandardCharsets.UTF_8);
    java.util.regex.Matcher sub =
        java.util.regex.Pattern.compile("\"sub\":\"([^\"]+)\"").matcher(payload);
    assertThat(sub.find()).as(payload).isTrue();
    return sub.group(1);
  }

  private static List<Response> tileResponses(BrowserContext context) {
    List<Response> tiles = new CopyOnWriteArrayList<>();
    context.onResponse(r -> {
      if (r.url().matches(".*/maps/tileset/osm_buildings/\\d+/\\d+/\\d+.*")) {
        tiles.add(r);
      }
    });
    return tiles;
  }

  private static void awaitMapIdle(Page page) {
    page.waitForFunction(
        "() => window.day2Map && window.day2Map.getSource('buildings')"
            + " && window.day2Map.isSourceLoaded('buildings') && window.day2Map.areTilesLoaded()"
            + " && !window.day2Map.isMoving()",
        null,
        new Page.WaitForFunctionOptions().setTimeout(60_000));
    page.waitForSelector(
        "#map-state:has-text('Tiles from')",
        new Page.WaitForSelectorOptions()
            .setState(WaitForSelectorState.ATTACHED)
            .setTimeout(30_000));
  }

  /** Pixels in the buildings' orange (#c2410c, shaded by the extrusion's lighting). */
  static List<int[]> buildingPixels(BufferedImage image) {
    List<int[]> found = new ArrayList<>();
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        if (r > 110 && r > g + 50 && g > b && b < 90) {
          found.add(new int[] {x, y});
        }
      }
    }
    return found;
  }
}
