package dev.day2.wrpi.updater;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.random.RandomGenerator;

/**
 * One WRPI reading as stored in Redis: the value and the time it was calculated, both as the
 * strings the original Python services write and read.
 *
 * @param value a decimal in (0, 100] with up to 4 decimals, written the way Python's {@code
 *     str(float)} writes it ({@code 69.42}, {@code 100.0}, {@code 0.0001}), so the original api's
 *     {@code float()} reads it
 * @param timestamp UTC, {@code yyyy-MM-dd'T'HH:mm:ssZ}, e.g. {@code 2021-02-20T18:06:47+0000}
 */
record Wrpi(String value, String timestamp) {
  static final String LATEST_KEY = "wrpi-latest";
  static final String TIMESTAMP_KEY = "wrpi-timestamp";

  static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ").withZone(ZoneOffset.UTC);

  /** The original's {@code randint(1, 1000000) / 10000}, at the clock's current second. */
  static Wrpi calculate(RandomGenerator random, Clock clock) {
    return new Wrpi(format(random.nextInt(1, 1_000_001)), TIMESTAMP.format(clock.instant()));
  }

  /** {@code draw / 10000} as Python prints the float: no trailing zeros, at least one decimal. */
  static String format(int draw) {
    if (draw < 1 || draw > 1_000_000) {
      throw new IllegalArgumentException("draw out of range: " + draw);
    }
    BigDecimal value = BigDecimal.valueOf(draw, 4).stripTrailingZeros();
    return (value.scale() <= 0 ? value.setScale(1) : value).toPlainString();
  }
}
