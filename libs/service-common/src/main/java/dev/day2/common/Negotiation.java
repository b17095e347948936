package dev.day2.common;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.jboss.resteasy.reactive.common.util.MediaTypeHelper;

/** Content negotiation between the two representations Day2 services offer: text and JSON. */
public final class Negotiation {
  private Negotiation() {}

  /**
   * True when the client prefers JSON over plain text. Types come sorted by preference; the first
   * one that names either representation explicitly wins, and a bare wildcard means text.
   */
  public static boolean prefersJson(HttpHeaders headers) {
    List<MediaType> types;
    try {
      types = headers.getAcceptableMediaTypes();
    } catch (IllegalArgumentException malformed) { // a client's mistake: 400, not the 500 it was
      throw new BadRequestException(MALFORMED);
    }
    return prefersJson(types);
  }

  /** The message of the 400 a malformed {@code Accept} header gets. */
  public static final String MALFORMED =
      "the Accept header is not a list of media types (e.g. application/json, text/plain;q=0.5)";

  /**
   * The same decision from the {@code Accept} header's text (null when absent), for a plain Vert.x
   * route: parsed and sorted by RESTEasy's own helper, as {@link HttpHeaders} sorts it.
   *
   * @throws IllegalArgumentException when the header is not a list of media ranges
   */
  public static boolean prefersJson(String accept) {
    if (accept == null || accept.isBlank()) {
      return false;
    }
    List<MediaType> types = MediaTypeHelper.parseHeader(accept);
    MediaTypeHelper.sortByWeight(types);
    return prefersJson(types);
  }

  private static boolean prefersJson(List<MediaType> preferred) {
    for (MediaType type : preferred) {
      if (type.isWildcardType()) {
        return false;
      }
      if (MediaType.APPLICATION_JSON_TYPE.isCompatible(type) && !type.isWildcardSubtype()) {
        return true;
      }
      if (MediaType.TEXT_PLAIN_TYPE.isCompatible(type)) {
        return false;
      }
    }
    return false;
  }
}
