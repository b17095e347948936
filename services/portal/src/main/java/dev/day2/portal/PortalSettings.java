package dev.day2.portal;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The portal's settings (README lists the variables). Browser-facing URLs (tiles environments,
 * wrpi) are where the page's JavaScript goes; backend URLs (counter, preferences, Prometheus) are
 * where this process goes.
 */
@ApplicationScoped
class PortalSettings {
  /** One tiles environment of the map's switcher: a name and the tiles API's base URL. */
  record Environment(String name, String url) {}

  private final List<Environment> environments;
  private final String wrpiUrl;
  private final Replicas counter;
  private final Replicas preferences;
  private final Optional<URI> prometheusUrl;
  private final List<String> services;

  PortalSettings(
      @ConfigProperty(name = "portal.tiles-environments") String environments,
      @ConfigProperty(name = "portal.wrpi-url") String wrpiUrl,
      @ConfigProperty(name = "portal.counter-url") String counterUrl,
      @ConfigProperty(name = "portal.preferences-url") String preferencesUrl,
      @ConfigProperty(name = "portal.prometheus-url") Optional<String> prometheusUrl,
      @ConfigProperty(name = "portal.services") List<String> services) {
    this.environments = parseEnvironments(environments);
    this.wrpiUrl = trimSlash(wrpiUrl);
    this.counter = Replicas.parse("COUNTER_URL", counterUrl);
    this.preferences = Replicas.parse("PREFERENCES_URL", preferencesUrl);
    this.prometheusUrl = prometheusUrl.filter(s -> !s.isBlank()).map(s -> URI.create(trimSlash(s)));
    this.services = List.copyOf(services);
  }

  /** {@code local=https://tiles.localhost:8443,dev=https://tiles.dev.example}: order is kept. */
  static List<Environment> parseEnvironments(String value) {
    List<Environment> parsed = new ArrayList<>();
    for (String entry : value.split(",")) {
      String[] parts = entry.trim().split("=", 2);
      if (parts.length != 2 || parts[0].isBlank() || !parts[1].matches("https?://\\S+")) {
        throw new IllegalArgumentException(
            "PORTAL_TILES_ENVIRONMENTS: expected name=http(s)://url[,name=url...], got '"
                + entry.trim()
                + "'");
      }
      parsed.add(new Environment(parts[0].trim(), trimSlash(parts[1].trim())));
    }
    return List.copyOf(parsed);
  }

  private static String trimSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  List<Environment> environments() {
    return environments;
  }

  String wrpiUrl() {
    return wrpiUrl;
  }

  Replicas counter() {
    return counter;
  }

  Replicas preferences() {
    return preferences;
  }

  Optional<URI> prometheusUrl() {
    return prometheusUrl;
  }

  List<String> services() {
    return services;
  }
}
