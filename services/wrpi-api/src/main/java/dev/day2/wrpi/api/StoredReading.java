package dev.day2.wrpi.api;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.regex.Pattern;

/**
 * Reads the two keys as either updater writes them: ours ({@code 69.42}, {@code
 * 2021-02-20T18:06:47+0000}) or the original Python one ({@code 69.4200}, {@code
 * datetime.utcnow().isoformat()} = {@code 2021-02-20T18:06:47.123456}, read as UTC). Anything else
 * is corrupt.
 */
final class StoredReading {
  static final String LATEST_KEY = "wrpi-latest";
  static final String TIMESTAMP_KEY = "wrpi-timestamp";

  static final DateTimeFormatter BRIEF =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssZ")
          .withResolverStyle(ResolverStyle.STRICT) // 2021-02-30 is corrupt, not 2021-02-28
          .withZone(ZoneOffset.UTC);
  private static final Pattern BRIEF_SHAPE =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}[+-]\\d{4}");
  private static final Pattern VALUE_SHAPE = Pattern.compile("\\d{1,3}(\\.\\d{1,17})?");

  private StoredReading() {}

  /** Both keys missing: no value yet; one missing or either unreadable: corrupt. */
  static Reading parse(String value, String timestamp) {
    if (value == null && timestamp == null) {
      throw new NoValueYetException();
    }
    if (value == null || timestamp == null) {
      throw new CorruptValueException(
          "only one of " + LATEST_KEY + " and " + TIMESTAMP_KEY + " is set");
    }
    double number = value(value);
    Instant at = instant(timestamp);
    String shown = BRIEF_SHAPE.matcher(timestamp).matches() ? timestamp : BRIEF.format(at);
    return new Reading(number, shown, at);
  }

  private static double value(String stored) {
    if (VALUE_SHAPE.matcher(stored).matches()) {
      double number = Double.parseDouble(stored);
      if (number >= 0 && number <= 100) {
        return number;
      }
    }
    throw new CorruptValueException(
        LATEST_KEY + " is not a number from 0 to 100: " + quote(stored));
  }

  private static Instant instant(String stored) {
    try {
      if (BRIEF_SHAPE.matcher(stored).matches()) {
        return OffsetDateTime.parse(stored, BRIEF).toInstant();
      }
      if (stored.length() >= 19 && stored.length() <= 40) {
        if (stored.endsWith("Z") || stored.matches(".*[+-]\\d{2}:\\d{2}$")) {
          return OffsetDateTime.parse(stored).toInstant(); // an aware isoformat()
        }
        return LocalDateTime.parse(stored).toInstant(ZoneOffset.UTC); // Python's utcnow()
      }
    } catch (DateTimeParseException e) {
      // corrupt, below
    }
    throw new CorruptValueException(TIMESTAMP_KEY + " is not a timestamp: " + quote(stored));
  }

  private static String quote(String stored) {
    String shown = stored.length() > 64 ? stored.substring(0, 64) + "..." : stored;
    return "\"" + shown.replaceAll("\\p{Cntrl}", "?") + "\"";
  }
}
