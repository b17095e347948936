package dev.day2.common;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * A request path as access logs keep it: the path segment after a {@code users} segment is a user
 * id, personal data that no access log keeps (ADR 0136), so it becomes {@code {userId}}: {@code
 * /v1/users/alice/preferences/ads} is logged {@code /v1/users/{userId}/preferences/ads}. The edge
 * applies the same rule in deploy/edge/haproxy.cfg; both are checked against one table of cases,
 * logged-paths.tsv.
 *
 * <p>However the client spells it: in any case, with repeated slashes, and percent-encoded ({@code
 * /v1/%75sers/al%69ce}); a path that decodes is logged decoded (an encoded slash, {@code %2F},
 * stays encoded, so an id cannot hide part of itself behind one), and one that does not is redacted
 * as it came.
 */
public final class LoggedPath {
  private static final Pattern USER_SEGMENT =
      Pattern.compile("(^|/)(users)/+[^/]*", Pattern.CASE_INSENSITIVE);
  private static final Pattern HAS_USER_SEGMENT =
      Pattern.compile("(^|/)users/", Pattern.CASE_INSENSITIVE);
  private static final Pattern ENCODED_SLASH = Pattern.compile("%2F", Pattern.CASE_INSENSITIVE);

  private LoggedPath() {}

  /** {@code path} (no query) with every user id replaced by {@code {userId}}. */
  public static String of(String path) {
    String logged = redact(path);
    String decoded = decode(ENCODED_SLASH.matcher(path).replaceAll("%252F"));
    if (decoded != null && HAS_USER_SEGMENT.matcher(decoded).find()) {
      logged = redact(decoded);
    }
    return logged;
  }

  private static String redact(String path) {
    return USER_SEGMENT.matcher(path).replaceAll("$1$2/{userId}");
  }

  /** Percent-decoding of a path ({@code +} stays itself); null when it is not valid. */
  static String decode(String path) {
    if (path.indexOf('%') < 0) {
      return path;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(path.length());
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c != '%') {
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
        continue;
      }
      if (i + 2 >= path.length()) {
        return null;
      }
      int high = Character.digit(path.charAt(i + 1), 16);
      int low = Character.digit(path.charAt(i + 2), 16);
      if (high < 0 || low < 0) {
        return null;
      }
      bytes.write(high * 16 + low);
      i += 2;
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
