package dev.day2.hello;

import dev.day2.common.WarmUpRequests;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;

/** What a new replica sends itself before it reports ready (ADR 0140): the greeting, both ways. */
@Singleton
class HelloWarmUp implements WarmUpRequests {
  @Override
  public List<Request> requests() {
    return List.of(Request.get("/"), new Request("/", Map.of("Accept", "application/json")));
  }
}
