package dev.day2.preferences;

import java.util.regex.Pattern;

/** User ids and purposes: 1-128 characters of {@code A-Z a-z 0-9 . _ : -}. */
final class Ids {
  static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private Ids() {}

  /** Returns {@code value} when valid; otherwise a 400 naming {@code field}. */
  static String check(String field, String value) {
    if (value == null || !VALID.matcher(value).matches()) {
      String code = "userId".equals(field) ? "invalid_user_id" : "invalid_purpose";
      throw ApiError.badRequest(
          code,
          field + " must be 1-128 characters of A-Z a-z 0-9 . _ : - (got " + shown(value) + ")");
    }
    return value;
  }

  private static String shown(String value) {
    if (value == null) {
      return "nothing";
    }
    String clean = value.length() > 40 ? value.substring(0, 40) + "..." : value;
    return value.length() + " characters: '" + clean.replaceAll("[^\\x20-\\x7e]", "?") + "'";
  }
}
