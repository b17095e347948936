package dev.day2.hello;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Every service runs Vert.x on Netty's epoll transport on Linux (libs/service-common, ADR 0117):
 * the library is on the classpath and the setting is on. Linux only: macOS has no epoll.
 */
@QuarkusTest
@EnabledOnOs(OS.LINUX)
class NativeTransportTest {
  @Inject Vertx vertx;

  @Test
  void vertxRunsOnEpoll() {
    assertThat(vertx.isNativeTransportEnabled()).isTrue();
  }
}
