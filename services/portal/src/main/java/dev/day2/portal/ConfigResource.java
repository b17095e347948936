package dev.day2.portal;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** {@code GET /api/config}: what the page needs to know about this topology. */
@Path("/api/config")
public class ConfigResource {
  record PortalConfig(
      List<PortalSettings.Environment> environments,
      String tileset,
      String wrpiUrl,
      List<String> services) {}

  private final PortalSettings settings;

  ConfigResource(PortalSettings settings) {
    this.settings = settings;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public PortalConfig config() {
    return new PortalConfig(
        settings.environments(), "osm_buildings", settings.wrpiUrl(), settings.services());
  }
}
