package dev.day2.redis.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RedisServerTest {
  @Test
  void keepsPortAndDataAcrossARestart() {
    try (RedisServer redis = RedisServer.startNew()) {
      int port = redis.port();
      redis.call("SET", "k", "v");
      redis.stop();
      assertThat(redis.isRunning()).isFalse();
      assertThatThrownBy(() -> redis.call("PING")).isInstanceOf(RuntimeException.class);
      redis.start();
      assertThat(redis.port()).isEqualTo(port);
      assertThat(redis.call("GET", "k")).isEqualTo("v");
    }
  }

  @Test
  void requiresThePasswordWhenGivenOne() {
    try (RedisServer redis = RedisServer.startNew("s3cret-for-this-test")) {
      assertThat(redis.call("PING")).isEqualTo("PONG");
      try (RespConnection anonymous = RespConnection.open(redis.host(), redis.port())) {
        assertThatThrownBy(() -> anonymous.call("GET", "k")).hasMessageContaining("NOAUTH");
      }
    }
  }

  @Test
  void decodesEveryReplyType() {
    try (RedisServer redis = RedisServer.startNew()) {
      assertThat(redis.callInDb(1, "INCR", "n")).isEqualTo(1L);
      assertThat(redis.callInDb(1, "MGET", "n", "missing")).isEqualTo(Arrays.asList("1", null));
      assertThat(redis.call("GET", "n")).as("database 0 is another keyspace").isNull();
    }
  }
}
