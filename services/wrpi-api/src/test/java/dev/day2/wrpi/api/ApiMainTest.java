package dev.day2.wrpi.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiMainTest {
  @Test
  void needsAnAppPassword() {
    assertThat(ApiMain.problem(Map.<String, String>of()::get))
        .get()
        .asString()
        .startsWith("APP_PASSWORD is required");
    assertThat(ApiMain.problem(Map.of("APP_PASSWORD", "")::get)).isPresent();
  }

  @Test
  void checksTheRedisSettingsToo() {
    assertThat(ApiMain.problem(Map.of("APP_PASSWORD", "p", "REDIS_DB", "x")::get))
        .get()
        .asString()
        .startsWith("REDIS_DB");
    assertThat(ApiMain.problem(Map.of("APP_PASSWORD", "p")::get)).isEmpty();
  }
}
