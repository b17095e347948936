package dev.day2.common;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Arrays;

/**
 * Publishes {@code http_server_requests_seconds_bucket} with fixed buckets (1 ms to 10 s), so
 * Prometheus can compute the p99 across replicas (the HighP99Latency alert and the dashboards).
 * Every service gets it from this library. Fixed buckets rather than Micrometer's percentile
 * histogram: 14 series per endpoint, not ~70.
 */
@Singleton
class HttpHistograms {
  static final double[] BUCKETS_SECONDS = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
  };

  @Produces
  @Singleton
  MeterFilter httpServerBuckets() {
    return new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(
          Meter.Id id, DistributionStatisticConfig config) {
        if (!id.getName().equals("http.server.requests")) {
          return config;
        }
        double[] nanos = Arrays.stream(BUCKETS_SECONDS).map(s -> s * 1e9).toArray();
        return DistributionStatisticConfig.builder()
            .serviceLevelObjectives(nanos) // timers keep their SLO boundaries in nanoseconds
            .build()
            .merge(config);
      }
    };
  }
}
