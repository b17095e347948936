package dev.day2.wrpi.api;

import dev.day2.common.JsonErrors;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The two ways a stored reading can be missing or bad: 503 with a JSON body, never a 500. */
class WrpiErrors {
  private static final Logger LOG = Logger.getLogger(WrpiErrors.class);

  @ServerExceptionMapper
  Response noValueYet(NoValueYetException e) {
    return JsonErrors.of(
        503,
        "no_value_yet",
        "no WRPI has been calculated yet; the updater stores one every minute");
  }

  @ServerExceptionMapper
  Response corrupt(CorruptValueException e) {
    LOG.error("corrupt WRPI in redis: " + e.getMessage());
    return JsonErrors.of(
        503, "corrupt_value", "the stored WRPI cannot be read; the operators have been told");
  }
}
