package dev.day2.wrpi.api;

import dev.day2.common.WarmUpRequests;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What a new replica sends itself before it reports ready (ADR 0140): the reading, with the
 * password it is configured with, as a client asks for it.
 */
@Singleton
class WrpiWarmUp implements WarmUpRequests {
  private final String authorization;

  WrpiWarmUp(@ConfigProperty(name = "APP_PASSWORD") String password) {
    this.authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(("warm-up:" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public List<Request> requests() {
    return List.of(new Request(WrpiRoute.PATH, Map.of("Authorization", authorization)));
  }
}
