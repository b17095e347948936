package dev.day2.common;

import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness: DOWN while the replica warms up ({@link WarmUp}), UP after, or with it off. */
@Readiness
@Singleton
class WarmUpCheck implements HealthCheck {
  private final WarmUp warmUp;

  WarmUpCheck(WarmUp warmUp) {
    this.warmUp = warmUp;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("warm-up")
        .status(warmUp.done())
        .withData("warm-up", warmUp.outcome())
        .build();
  }
}
