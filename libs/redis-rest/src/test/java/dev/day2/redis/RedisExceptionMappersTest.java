package dev.day2.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.VertxException;
import io.vertx.redis.client.impl.types.ErrorType;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class RedisExceptionMappersTest {
  final RedisExceptionMappers mappers = new RedisExceptionMappers();

  @Test
  void aConnectionClosedMidRequestAnswers503NotA500() {
    assertThat(mappers.redisError(ErrorType.create("CONNECTION_CLOSED")).getStatus())
        .isEqualTo(503);
    assertThat(mappers.redisError(ErrorType.create("ERR syntax error")).getStatus()).isEqualTo(500);
  }

  @Test
  void anOutageAnswers503WithRetryAfter() {
    var response = mappers.unavailable(new ConnectException("Connection refused"));
    assertThat(response.getStatus()).isEqualTo(503);
    assertThat(response.getHeaderString("Retry-After")).isEqualTo("5");
  }

  @Test
  void wrappersAnswerByTheirCause() {
    assertThat(
            mappers
                .wrapped(new CompletionException(new ConnectException("Connection refused")))
                .getStatus())
        .isEqualTo(503);
    assertThat(mappers.wrapped(new VertxException("a bug", true)).getStatus()).isEqualTo(500);
  }
}
