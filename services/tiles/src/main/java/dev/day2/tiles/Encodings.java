package dev.day2.tiles;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/** Accept-Encoding handling: tiles are stored gzipped and sent as they are when allowed. */
final class Encodings {
  private Encodings() {}

  /** True unless the client's {@code Accept-Encoding} rules gzip out (missing header: identity). */
  static boolean acceptsGzip(String acceptEncoding) {
    if (acceptEncoding == null) {
      return false;
    }
    boolean wildcard = false;
    for (String part : acceptEncoding.toLowerCase(Locale.ROOT).split(",")) {
      String[] pieces = part.trim().split(";");
      String coding = pieces[0].trim();
      boolean refused = pieces.length > 1 && pieces[1].trim().matches("q\\s*=\\s*0(\\.0*)?");
      if (coding.equals("gzip") || coding.equals("x-gzip")) {
        return !refused;
      }
      if (coding.equals("*")) {
        wildcard = !refused;
      }
    }
    return wildcard;
  }

  static byte[] gunzip(byte[] gzipped) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("a stored tile is not valid gzip", e);
    }
  }
}
