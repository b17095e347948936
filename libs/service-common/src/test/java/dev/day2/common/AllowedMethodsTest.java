package dev.day2.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.day2.common.AllowedMethods.Entry;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The table behind {@code Allow}: paths read from JAX-RS templates and Vert.x routes, methods from
 * the resources' annotations. What a running service answers is checked against it by each API's
 * own tests (preferences' AllowTest, the portal's and tiles').
 */
class AllowedMethodsTest {
  @Path("/v1/users/{userId}/things")
  static class Things {
    @GET
    public String list() {
      return "";
    }

    @DELETE
    public void eraseAll() {}

    @PUT
    @Path("/{name}")
    public void put() {}

    @DELETE
    @Path("{name}/")
    public void delete() {}

    @POST
    @Path("/{id: [0-9]+}/count")
    public void count() {}

    public void notAResourceMethod() {}
  }

  @Path("/")
  static class Root {
    @GET
    public String root() {
      return "";
    }
  }

  static class NotAResource {
    @GET
    public String get() {
      return "";
    }
  }

  private static final List<Entry> TABLE = new ArrayList<>();

  static {
    TABLE.addAll(AllowedMethods.resource(Things.class));
    TABLE.addAll(AllowedMethods.resource(Root.class));
    TABLE.addAll(AllowedMethods.resource(NotAResource.class));
    // a hot read on a plain route beside the resource (preferences' PreferenceReadRoute)
    TABLE.add(
        new Entry(
            AllowedMethods.vertxPath("/v1/users/:userId/things/:name"), Set.of("GET", "HEAD")));
  }

  @Test
  void aPathAnswersTheUnionOfItsResourceMethodsAndRoutesInOneOrder() {
    assertThat(AllowedMethods.allowFor(TABLE, "/v1/users/u1/things"))
        .isEqualTo("GET, HEAD, DELETE, OPTIONS");
    assertThat(AllowedMethods.allowFor(TABLE, "/v1/users/u1/things/"))
        .isEqualTo("GET, HEAD, DELETE, OPTIONS");
    assertThat(AllowedMethods.allowFor(TABLE, "/v1/users/u1/things/ads"))
        .isEqualTo("GET, HEAD, PUT, DELETE, OPTIONS");
    assertThat(AllowedMethods.allowFor(TABLE, "/v1/users/u1/things/ads/"))
        .isEqualTo("GET, HEAD, PUT, DELETE, OPTIONS");
  }

  @Test
  void aTemplatesOwnRegexIsKept() {
    assertThat(AllowedMethods.allowFor(TABLE, "/v1/users/u1/things/42/count"))
        .isEqualTo("POST, OPTIONS");
    assertThat(AllowedMethods.allowFor(TABLE, "/v1/users/u1/things/x/count")).isNull();
  }

  @Test
  void aVariableIsOneSegmentAndLiteralsAreLiteral() {
    assertThat(AllowedMethods.allowFor(TABLE, "/v1/users/u1/x/things")).isNull();
    assertThat(AllowedMethods.allowFor(TABLE, "/v1/users/u1/things/a/b")).isNull();
    assertThat(AllowedMethods.allowFor(TABLE, "/v1xusers/u1/things")).isNull();
    assertThat(AllowedMethods.allowFor(TABLE, "/v1/users/u1/thingsx")).isNull();
  }

  @Test
  void theRootAnswersOnlyItself() {
    assertThat(AllowedMethods.allowFor(TABLE, "/")).isEqualTo("GET, HEAD, OPTIONS");
    assertThat(AllowedMethods.allowFor(TABLE, "")).isEqualTo("GET, HEAD, OPTIONS");
    assertThat(AllowedMethods.allowFor(TABLE, "/other")).isNull();
  }

  @Test
  void aClassWithoutPathIsNoResource() {
    assertThat(AllowedMethods.resource(NotAResource.class)).isEmpty();
    assertThat(AllowedMethods.resource(Things.class)).hasSize(5);
  }

  @Test
  void aVertxWildcardIsAPrefix() {
    List<Entry> table = List.of(new Entry(AllowedMethods.vertxPath("/static/*"), Set.of("GET")));
    assertThat(AllowedMethods.allowFor(table, "/static/a/b.css")).isEqualTo("GET, HEAD, OPTIONS");
    assertThat(AllowedMethods.allowFor(table, "/other")).isNull();
  }
}
