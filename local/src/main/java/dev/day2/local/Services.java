package dev.day2.local;

import java.util.List;

/**
 * The service table of {@code make run}: ports and names as in docs/architecture.md. Adding a
 * service, or a replica, is one line here.
 */
final class Services {
  private Services() {}

  static List<ServiceSpec> all() {
    return List.of(ServiceSpec.http("hello", "services/hello", 8081, 1));
  }
}
