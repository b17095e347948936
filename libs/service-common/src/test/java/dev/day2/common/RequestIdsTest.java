package dev.day2.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RequestIdsTest {
  @Test
  void keepsASaneId() {
    assertThat(RequestIds.keepOrCreate("edge-7f3a:01.2_x")).isEqualTo("edge-7f3a:01.2_x");
  }

  @Test
  void keepsEveryAllowedCharacterUpTo128() {
    String all = "abcxyzABCXYZ0189._:-";
    assertThat(RequestIds.keepOrCreate(all)).isEqualTo(all);
    assertThat(RequestIds.keepOrCreate("z".repeat(128))).isEqualTo("z".repeat(128));
  }

  @Test
  void replacesMissingOverlongOrUnsafeIds() {
    for (String bad :
        new String[] {
          null,
          "",
          "a b",
          "x\r\nSet-Cookie: y",
          "z".repeat(129),
          "caf\u00e9",
          "\uff11",
          "a/b",
          "a\"b"
        }) {
      String id = RequestIds.keepOrCreate(bad);
      assertThat(UUID.fromString(id).version()).as("replacement for %s", bad).isEqualTo(4);
    }
  }

  @Test
  void generatedIdsAreVersion4AndDistinct() {
    Set<UUID> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      UUID id = RequestIds.randomUuid();
      assertThat(id.version()).isEqualTo(4);
      assertThat(id.variant()).isEqualTo(2);
      seen.add(id);
    }
    assertThat(seen).hasSize(10_000);
  }
}
