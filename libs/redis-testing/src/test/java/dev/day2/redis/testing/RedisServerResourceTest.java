package dev.day2.redis.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RedisServerResourceTest {
  @Test
  void pointsTheApplicationAtAFreshServer() {
    RedisServerResource resource = new RedisServerResource();
    resource.init(Map.of());
    Map<String, String> config = resource.start();
    try {
      assertThat(config).containsEntry("REDIS_HOST", "127.0.0.1").doesNotContainKey("REDIS_PASS");
      int port = Integer.parseInt(config.get("REDIS_PORT"));
      try (RespConnection client = RespConnection.open("127.0.0.1", port)) {
        assertThat(client.call("PING")).isEqualTo("PONG");
      }
    } finally {
      resource.stop();
    }
    int port = Integer.parseInt(config.get("REDIS_PORT"));
    assertThatThrownBy(() -> RespConnection.open("127.0.0.1", port)).isNotNull();
  }

  @Test
  void generatesAPasswordWhenAsked() {
    RedisServerResource resource = new RedisServerResource();
    resource.init(Map.of("password", "true"));
    Map<String, String> config = resource.start();
    try {
      String password = config.get("REDIS_PASS");
      assertThat(password).hasSizeGreaterThan(20);
      try (RespConnection client =
          RespConnection.open("127.0.0.1", Integer.parseInt(config.get("REDIS_PORT")))) {
        assertThatThrownBy(() -> client.call("GET", "k")).hasMessageContaining("NOAUTH");
        assertThat(client.call("AUTH", password)).isEqualTo("OK");
      }
    } finally {
      resource.stop();
    }
  }
}
