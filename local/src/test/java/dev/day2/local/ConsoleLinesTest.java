package dev.day2.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

class ConsoleLinesTest {
  static final String STARTED =
      "{\"timestamp\":\"2026-11-30T10:21:38.614388887Z\",\"sequence\":87,\"loggerName\":\"io.quarkus\","
          + "\"level\":\"INFO\",\"message\":\"hello started in 4.228s. Listening on: http://0.0.0.0:8081\","
          + "\"mdc\":{},\"ndc\":\"\",\"instance\":\"hello-1\",\"service\":\"hello\"}";

  @Test
  void showsTimeLevelAndMessageOfAServiceJsonLine() {
    String local =
        DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault())
            .format(Instant.parse("2026-11-30T10:21:38.614Z"));
    assertThat(new ConsoleLines(false).format("hello-1", STARTED))
        .isEqualTo(
            "hello-1       | "
                + local
                + " INFO  hello started in 4.228s. Listening on: http://0.0.0.0:8081");
  }

  @Test
  void namesTheExceptionOfAnErrorAndColoursTheLevelOnATerminal() {
    String error =
        "{\"timestamp\":\"2026-11-30T10:38:20.433Z\",\"level\":\"ERROR\",\"message\":\"unhandled"
            + " error\",\"mdc\":{\"request_id\":\"80\"},\"exception\":{\"refId\":1,\"exceptionType\":"
            + "\"io.vertx.redis.client.impl.types.ErrorType\",\"message\":\"ERR value is not an"
            + " integer\",\"frames\":[]},\"instance\":\"counter-1\"}";
    String shown = new ConsoleLines(true).format("counter-1", error);
    assertThat(shown)
        .contains("\u001b[31mERROR\u001b[0m unhandled error")
        .endsWith("[io.vertx.redis.client.impl.types.ErrorType: ERR value is not an integer]");
    assertThat(new ConsoleLines(false).format("counter-1", error)).doesNotContain("\u001b[");
  }

  /**
   * A failed start's exception is "Failed to start quarkus": the line also names its root cause.
   */
  @Test
  void namesTheRootCauseOfANestedException() {
    String error =
        "{\"timestamp\":\"2026-12-01T23:25:27.340Z\",\"level\":\"ERROR\",\"message\":\"Failed"
            + " to start application\",\"exception\":{\"refId\":1,\"exceptionType\":"
            + "\"java.lang.RuntimeException\",\"message\":\"Failed to start quarkus\",\"frames\":[],"
            + "\"causedBy\":{\"exception\":{\"refId\":2,\"exceptionType\":"
            + "\"java.lang.RuntimeException\",\"message\":\"Unable to start HTTP server\","
            + "\"frames\":[],\"causedBy\":{\"exception\":{\"refId\":3,\"exceptionType\":"
            + "\"io.netty.channel.unix.Errors$NativeIoException\",\"message\":\"bind(..) failed"
            + " with error(-98): Address already in use\",\"frames\":[]}}}}}}";
    assertThat(new ConsoleLines(false).format("preferences-2", error))
        .endsWith(
            "Failed to start application [java.lang.RuntimeException: Failed to start quarkus"
                + " <- caused by io.netty.channel.unix.Errors$NativeIoException: bind(..) failed"
                + " with error(-98): Address already in use]");
  }

  @Test
  void passesOtherLinesThroughUnchanged() {
    ConsoleLines lines = new ConsoleLines(true);
    assertThat(lines.format("edge", "[NOTICE] 333/102138 (1) : haproxy version is 2.6.12"))
        .isEqualTo("edge          | [NOTICE] 333/102138 (1) : haproxy version is 2.6.12");
    assertThat(lines.format("redis", "{not json")).isEqualTo("redis         | {not json");
    assertThat(lines.format("x", "{\"a\":1}")).isEqualTo("x             | {\"a\":1}");
  }

  @Test
  void readsEscapesAndNestedValues() {
    assertThat(Json.parseObject("{\"m\":\"a \\\"q\\\" \\u00e9\\n\",\"n\":[1,2.5,true,null,{}]}"))
        .containsEntry("m", "a \"q\" é\n")
        .containsKey("n");
    assertThatThrownBy(() -> Json.parseObject("{\"a\":1} trailing"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Json.parseObject("{\"a\":"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
