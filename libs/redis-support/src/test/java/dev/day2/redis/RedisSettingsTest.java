package dev.day2.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RedisSettingsTest {
  @Test
  void acceptsUnsetAndSaneSettings() {
    assertThat(RedisSettings.problem(Map.<String, String>of()::get)).isEmpty();
    Map<String, String> env =
        Map.of("REDIS_HOST", "redis.internal", "REDIS_PORT", "6380", "REDIS_DB", "1");
    assertThat(RedisSettings.problem(env::get)).isEmpty();
  }

  @Test
  void takesTheTimeoutInQuarkusDurationFormsAndRejectsZeroOrWords() {
    for (String ok : new String[] {"1s", "500ms", "PT2S", "3"}) {
      assertThat(RedisSettings.problem(Map.of("REDIS_TIMEOUT", ok)::get)).as(ok).isEmpty();
    }
    assertThat(RedisSettings.problem(Map.of("REDIS_TIMEOUT", "0s")::get))
        .hasValue("REDIS_TIMEOUT must be a duration above zero such as 1s or 500ms, got \"0s\"");
    assertThat(RedisSettings.problem(Map.of("REDIS_TIMEOUT", "soon")::get)).isPresent();
    assertThat(RedisSettings.problem(Map.of("REDIS_TIMEOUT", "-1s")::get)).isPresent();
  }

  @Test
  void namesANonNumericPort() {
    assertThat(RedisSettings.problem(Map.of("REDIS_PORT", "63 79")::get))
        .hasValue("REDIS_PORT must be a whole number from 1 to 65535, got \"63 79\"");
  }

  @Test
  void rejectsPortsAndDatabasesOutOfRange() {
    assertThat(RedisSettings.problem(Map.of("REDIS_PORT", "0")::get)).isPresent();
    assertThat(RedisSettings.problem(Map.of("REDIS_PORT", "65536")::get)).isPresent();
    assertThat(RedisSettings.problem(Map.of("REDIS_DB", "-1")::get))
        .get()
        .asString()
        .startsWith("REDIS_DB must be a whole number from 0");
    assertThat(RedisSettings.problem(Map.of("REDIS_DB", "one")::get)).isPresent();
  }

  @Test
  void rejectsAUrlOrBlankWhereAHostBelongs() {
    assertThat(RedisSettings.problem(Map.of("REDIS_HOST", "redis://x:6379")::get))
        .get()
        .asString()
        .startsWith("REDIS_HOST");
    assertThat(RedisSettings.problem(Map.of("REDIS_HOST", " ")::get)).isPresent();
  }

  @Test
  void rejectsATlsFlagThatIsNotABoolean() {
    assertThat(RedisSettings.problem(Map.of("REDIS_TLS", "yes")::get))
        .contains("REDIS_TLS must be true or false, got \"yes\"");
    assertThat(RedisSettings.problem(Map.of("REDIS_TLS", "true")::get)).isEmpty();
    assertThat(RedisSettings.problem(Map.of("REDIS_TLS", "false")::get)).isEmpty();
  }
}
