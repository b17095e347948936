package dev.day2.tiles;

import jakarta.ws.rs.BadRequestException;
import java.util.regex.Pattern;

/** Tileset and table ids: letters, digits, {@code _} and {@code -}, 1 to 64 characters. */
final class Ids {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private Ids() {}

  static String require(String kind, String id) {
    if (id == null || !VALID.matcher(id).matches()) {
      throw new BadRequestException(
          kind
              + " id must be 1-64 letters, digits, '_' or '-', got '"
              + TileAddress.clip(id)
              + "'");
    }
    return id;
  }
}
