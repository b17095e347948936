package dev.day2.common;

import java.util.List;
import java.util.Map;

/**
 * The requests a service's replica sends itself before it reports ready ({@link WarmUp}, ADR 0140):
 * its hot path, as a client calls it. A service that declares no bean of this type does not warm
 * up.
 */
public interface WarmUpRequests {
  /** The requests, sent in turn on each warm-up connection; at least one. */
  List<Request> requests();

  /**
   * One {@code GET} of {@code path} (with its query, if any) with {@code headers}: what a client
   * sends, so the warm-up compiles the path real requests take. {@link WarmUp#HEADER} is added.
   */
  record Request(String path, Map<String, String> headers) {
    public Request {
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException("a warm-up path starts with /, not " + path);
      }
      headers = Map.copyOf(headers);
    }

    public static Request get(String path) {
      return new Request(path, Map.of());
    }
  }
}
