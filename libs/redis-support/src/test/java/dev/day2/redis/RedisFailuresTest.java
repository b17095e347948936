package dev.day2.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.redis.client.impl.types.ErrorType;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class RedisFailuresTest {
  @Test
  void wrappedConnectionFailuresAreOutages() {
    Throwable wrapped = new CompletionException(new ConnectException("Connection refused"));
    assertThat(RedisFailures.isOutage(wrapped)).isTrue();
    assertThat(RedisFailures.translate(wrapped))
        .isInstanceOf(RedisUnavailableException.class)
        .hasMessage("ConnectException: Connection refused");
  }

  @Test
  void theClientsClosedConnectionIsAnOutageButAMessageAloneProvesNothing() {
    assertThat(
            RedisFailures.isOutage(
                new io.vertx.core.impl.NoStackTraceThrowable("Connection is closed")))
        .isTrue();
    assertThat(
            RedisFailures.isOutage(
                new io.vertx.core.impl.NoStackTraceThrowable("Redis waiting queue is full")))
        .isTrue();
    assertThat(RedisFailures.isOutage(new RuntimeException("Redis waiting queue is full")))
        .isFalse();
    // Classified by type: an arbitrary exception quoting Redis' words is not an outage.
    assertThat(RedisFailures.isOutage(new RuntimeException("WRONGPASS invalid password")))
        .isFalse();
    assertThat(RedisFailures.isOutage(new RuntimeException("Connection refused"))).isFalse();
    assertThat(RedisFailures.isOutage(new java.io.IOException("a JSON document ended early")))
        .as("an IOException that is not the transport's")
        .isFalse();
  }

  @Test
  void theErrorCodeIsTheReplysFirstWord() {
    assertThat(RedisFailures.errorCode(ErrorType.create("LOADING Redis is loading the dataset")))
        .isEqualTo("LOADING");
    assertThat(RedisFailures.errorCode(ErrorType.create("CONNECTION_CLOSED")))
        .isEqualTo("CONNECTION_CLOSED");
    assertThat(RedisFailures.errorCode(ErrorType.create("LOADINGX not a code we know")))
        .isEqualTo("LOADINGX");
    assertThat(RedisFailures.isOutage(ErrorType.create("LOADINGX not a code we know"))).isFalse();
  }

  @Test
  void aCertificateThatFailsVerificationIsAnOutage() {
    Throwable handshake =
        new CompletionException(
            new javax.net.ssl.SSLHandshakeException("No subject alternative DNS name"));
    assertThat(RedisFailures.isOutage(handshake)).isTrue();
  }

  @Test
  void redisErrorRepliesAreClassifiedByTheirKind() {
    assertThat(RedisFailures.isOutage(ErrorType.create("CONNECTION_CLOSED"))).isTrue();
    assertThat(RedisFailures.isOutage(new CompletionException(ErrorType.create("LOADING Redis"))))
        .isTrue();
    assertThat(RedisFailures.isOutage(ErrorType.create("ERR value is not an integer"))).isFalse();
    assertThat(RedisFailures.isOutage(ErrorType.create("WRONGTYPE Operation against a key")))
        .isFalse();
  }

  @Test
  void bugsAreNotOutages() {
    IllegalStateException bug = new IllegalStateException("WRONGTYPE Operation against a key");
    assertThat(RedisFailures.isOutage(bug)).isFalse();
    assertThat(RedisFailures.translate(bug)).isSameAs(bug);
    assertThat(RedisFailures.isOutage(new NullPointerException())).isFalse();
  }
}
