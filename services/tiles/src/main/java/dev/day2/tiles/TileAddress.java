package dev.day2.tiles;

import jakarta.ws.rs.BadRequestException;

/** A validated XYZ tile address: {@code 0 <= z <= 24}, {@code 0 <= x, y < 2^z}. */
record TileAddress(int z, long x, long y) {
  static final int MAX_ZOOM = 24;

  static TileAddress parse(String z, String x, String y) {
    int zoom = (int) number("z", z, MAX_ZOOM);
    long limit = (1L << zoom) - 1;
    return new TileAddress(zoom, number("x", x, limit), number("y", y, limit));
  }

  private static long number(String name, String text, long max) {
    if (text == null || !text.matches("\\d{1,8}")) {
      throw new BadRequestException(name + " must be a whole number, got '" + clip(text) + "'");
    }
    long value = Long.parseLong(text);
    if (value > max) {
      throw new BadRequestException(name + " must be between 0 and " + max + ", got " + value);
    }
    return value;
  }

  static String clip(String text) {
    if (text == null) {
      return "";
    }
    String printable = text.replaceAll("[^\\x20-\\x7e]", "?");
    return printable.length() > 40 ? printable.substring(0, 40) + "..." : printable;
  }

  @Override
  public String toString() {
    return z + "/" + x + "/" + y;
  }
}
