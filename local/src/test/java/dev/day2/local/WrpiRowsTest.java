package dev.day2.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The wrpi rows of {@code make run}: both processes on one Redis database, the password. */
class WrpiRowsTest {
  @Test
  void updaterAndApiUseTheSameRedisDatabase() {
    ServiceSpec updater = row("wrpi-updater");
    ServiceSpec api = row("wrpi-api");

    String updaterDb = updater.env().apply(0).get("REDIS_DB");
    assertThat(updaterDb).as("set explicitly: the defaults differ (1 vs 0)").isEqualTo("1");
    assertThat(api.env().apply(0).get("REDIS_DB")).isEqualTo(updaterDb);
    assertThat(updater.stores()).contains(ServiceSpec.Store.REDIS);
    assertThat(api.stores()).contains(ServiceSpec.Store.REDIS);
  }

  @Test
  void updaterLoopsEveryMinuteAndApiListensOn8082() {
    assertThat(row("wrpi-updater").args()).containsExactly("--loop", "60");
    assertThat(row("wrpi-updater").hasHttp()).isFalse();
    assertThat(row("wrpi-api").portOf(0)).isEqualTo(8082);
    assertThat(row("wrpi-api").env().apply(0).get("APP_PASSWORD")).isNotBlank();
  }

  @Test
  void takesAppPasswordFromTheEnvironmentWithoutPrintingIt() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String password =
        WrpiPassword.resolve(Map.of("APP_PASSWORD", "from-env"), new PrintStream(out, true));
    assertThat(password).isEqualTo("from-env");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void generatesAStrongPasswordAndPrintsItOnce() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String password = WrpiPassword.resolve(Map.of(), new PrintStream(out, true));
    assertThat(password).matches("[A-Za-z0-9_-]{24}");
    assertThat(out.toString(StandardCharsets.UTF_8).lines())
        .singleElement()
        .asString()
        .contains("APP_PASSWORD", password);
    assertThat(WrpiPassword.resolve(Map.of(), new PrintStream(out, true))).isNotEqualTo(password);
  }

  private static ServiceSpec row(String name) {
    return Services.all().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }
}
