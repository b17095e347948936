package dev.day2.portal;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Debian's chromium (make tools) driven by Playwright: never a downloaded browser. WebGL runs on
 * SwiftShader, the flags TOOLING.md records; the profile is a fresh temporary one.
 */
final class Chromium {
  static final Path BINARY = Path.of("/usr/bin/chromium");

  private Chromium() {}

  static Playwright playwright() {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(BINARY + " is missing: install it with make tools");
    }
    return Playwright.create(
        new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
  }

  static Browser launch(Playwright playwright) {
    return playwright
        .chromium()
        .launch(
            new BrowserType.LaunchOptions()
                .setExecutablePath(BINARY)
                .setHeadless(true)
                .setArgs(
                    List.of(
                        "--headless=new",
                        "--no-sandbox",
                        "--use-gl=angle",
                        "--use-angle=swiftshader",
                        "--enable-unsafe-swiftshader",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--no-first-run")));
  }

  /** A fresh context (empty cache and storage); the edge's certificate is self-signed. */
  static BrowserContext newContext(Browser browser) {
    return browser.newContext(
        new Browser.NewContextOptions().setIgnoreHTTPSErrors(true).setViewportSize(1280, 1000));
  }
}
