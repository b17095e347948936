package dev.day2.common;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.quarkus.micrometer.runtime.HttpServerMetricsTagsContributor;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Keeps a replica's warm-up requests ({@link WarmUp}) out of its HTTP metrics: they get a tag no
 * other request has, and the meters with that tag are never registered, so Prometheus sees neither
 * their count nor their (cold, slow) latencies.
 */
@Singleton
class WarmUpMetrics implements HttpServerMetricsTagsContributor {
  static final String TAG = "warm_up";
  private static final Tags WARM_UP = Tags.of(TAG, "true");

  private final WarmUp warmUp;

  WarmUpMetrics(WarmUp warmUp) {
    this.warmUp = warmUp;
  }

  @Override
  public Tags contribute(Context context) {
    return warmUp.isWarmUp(context.request()) ? WARM_UP : Tags.empty();
  }

  @Produces
  @Singleton
  MeterFilter dropWarmUp() {
    return MeterFilter.deny(id -> id.getTag(TAG) != null);
  }
}
