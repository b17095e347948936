package dev.day2.counter;

import dev.day2.common.WarmUpRequests;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;

/**
 * What a new replica sends itself before it reports ready (ADR 0140): visits, both ways. They are
 * counted under {@link Counter#WARM_UP_KEY}, never in the visits' count.
 */
@Singleton
class CounterWarmUp implements WarmUpRequests {
  @Override
  public List<Request> requests() {
    return List.of(Request.get("/"), new Request("/", Map.of("Accept", "application/json")));
  }
}
