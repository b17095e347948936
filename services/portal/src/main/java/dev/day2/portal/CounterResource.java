package dev.day2.portal;

import dev.day2.common.JsonErrors;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /api/counter}: one visit to the counter ({@code GET /}, which increments it), and the
 * count it answered. Through the backend because the counter is a plain-text page with no CORS, as
 * the original (docs/adr/0085).
 */
@Path("/api/counter")
public class CounterResource {
  static final Pattern SEEN = Pattern.compile("I have been seen (\\d+) times");

  record Visit(long count, String servedBy) {}

  private final PortalSettings settings;
  private final Backends backends;

  CounterResource(PortalSettings settings, Backends backends) {
    this.settings = settings;
    this.backends = backends;
  }

  @POST
  @Produces(MediaType.APPLICATION_JSON)
  public Response visit() {
    try {
      HttpResponse<String> answer =
          backends.send("counter", settings.counter(), base -> Backends.to(base, "/").GET());
      Matcher seen = SEEN.matcher(answer.body());
      if (answer.statusCode() != 200 || !seen.find()) {
        return JsonErrors.of(
            502, "counter_error", "the counter answered HTTP " + answer.statusCode());
      }
      String servedBy = answer.headers().firstValue("X-Served-By").orElse("");
      return Response.ok(new Visit(Long.parseLong(seen.group(1)), servedBy)).build();
    } catch (Backends.Unreachable e) {
      return e.response();
    }
  }
}
