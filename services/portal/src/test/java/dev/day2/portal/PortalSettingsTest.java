package dev.day2.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PortalSettingsTest {
  @Test
  void parsesEnvironmentsInOrderWithoutTrailingSlashes() {
    assertThat(
            PortalSettings.parseEnvironments(
                "local=http://127.0.0.1:6081/, prod=https://t.example"))
        .containsExactly(
            new PortalSettings.Environment("local", "http://127.0.0.1:6081"),
            new PortalSettings.Environment("prod", "https://t.example"));
  }

  @Test
  void refusesAnEnvironmentWithoutAUrlNamingTheVariable() {
    assertThatThrownBy(() -> PortalSettings.parseEnvironments("local"))
        .hasMessageContaining("PORTAL_TILES_ENVIRONMENTS");
  }
}
