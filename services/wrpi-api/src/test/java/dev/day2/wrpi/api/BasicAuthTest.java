package dev.day2.wrpi.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class BasicAuthTest {
  private final BasicAuth auth = new BasicAuth("s3cr:t ü");

  @Test
  void acceptsTheRightPasswordWithAnyUser() {
    assertThat(auth.accepts(basic("any:s3cr:t ü"))).isTrue();
    assertThat(auth.accepts(basic(":s3cr:t ü"))).isTrue();
    assertThat(auth.accepts("bAsIc " + encode("x:s3cr:t ü")))
        .as("scheme is case-insensitive")
        .isTrue();
  }

  @Test
  void rejectsEverythingElse() {
    for (String header :
        new String[] {
          null,
          "",
          "Basic",
          "Basic ",
          basic("any:s3cr:t"),
          basic("any:s3cr:t üx"),
          basic("s3cr:t ü"),
          "Bearer " + encode("any:s3cr:t ü"),
          "Basic !!!",
          "Basic" + encode("any:s3cr:t ü")
        }) {
      assertThat(auth.accepts(header)).as("%s", header).isFalse();
    }
  }

  private static String basic(String credentials) {
    return "Basic " + encode(credentials);
  }

  private static String encode(String credentials) {
    return Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
  }
}
