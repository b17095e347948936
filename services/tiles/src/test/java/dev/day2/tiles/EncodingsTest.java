package dev.day2.tiles;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EncodingsTest {
  @Test
  void gzipOnlyWhenTheClientAllowsIt() {
    assertThat(Encodings.acceptsGzip("gzip, deflate, br")).isTrue();
    assertThat(Encodings.acceptsGzip("br;q=1, gzip;q=0.5")).isTrue();
    assertThat(Encodings.acceptsGzip("*")).isTrue();
    assertThat(Encodings.acceptsGzip(null)).isFalse();
    assertThat(Encodings.acceptsGzip("identity")).isFalse();
    assertThat(Encodings.acceptsGzip("gzip;q=0")).isFalse();
    assertThat(Encodings.acceptsGzip("*, gzip;q=0.0")).isFalse();
  }

  @Test
  void ifNoneMatchComparesWeaklyAndAcceptsLists() {
    assertThat(CachePolicy.matches("\"a\", W/\"b\"", "\"b\"")).isTrue();
    assertThat(CachePolicy.matches("*", "\"b\"")).isTrue();
    assertThat(CachePolicy.matches("\"a\"", "\"b\"")).isFalse();
    assertThat(CachePolicy.matches(null, "\"b\"")).isFalse();
  }
}
