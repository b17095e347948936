package dev.day2.wrpi.api;

import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** {@code GET /}, the original's index; {@code GET /v0/wrpi} is {@link WrpiRoute}. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class WrpiResource {
  @GET
  @NonBlocking
  public Index index() {
    return Index.INSTANCE;
  }

  /** {@code GET /}: what the original answered. */
  record Index(List<String> routes, String description) {
    static final Index INSTANCE =
        new Index(List.of("/v0/wrpi"), "randomising important numbers since 2021");
  }
}
