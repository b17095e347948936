package dev.day2.preferences;

import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Test only: tells {@link VirtualThreadsTest} which kind of thread finished each API response, in
 * the header {@code X-Test-Thread} ({@code virtual} or {@code platform}). RESTEasy runs response
 * filters on the thread that ran the resource method.
 */
public class ThreadKindHeader {
  static final String HEADER = "X-Test-Thread";

  @ServerResponseFilter
  public void tell(ContainerResponseContext response) {
    response
        .getHeaders()
        .putSingle(HEADER, Thread.currentThread().isVirtual() ? "virtual" : "platform");
  }
}
