package dev.day2.tiles;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the tile source answers, so load balancers and Varnish probes skip us. */
@Readiness
@Singleton
class SourceReadiness implements AsyncHealthCheck {
  private final TileSource source;

  SourceReadiness(TileSource source) {
    this.source = source;
  }

  @Override
  public Uni<HealthCheckResponse> call() {
    return source
        .ping()
        .ifNoItem()
        .after(Duration.ofSeconds(2))
        .fail()
        .map(ok -> HealthCheckResponse.up("tile-source"))
        .onFailure()
        .recoverWithItem(e -> HealthCheckResponse.down("tile-source"));
  }
}
