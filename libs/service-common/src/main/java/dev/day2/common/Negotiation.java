package dev.day2.common;

import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.jboss.resteasy.reactive.common.util.MediaTypeHelper;

/** Content negotiation between the two representations Day2 services offer: text and JSON. */
public final class Negotiation {
  private Negotiation() {}

  /** The message of the 400 a malformed {@code Accept} header gets. */
  public static final String MALFORMED =
      "the Accept header is not a list of media types (e.g. application/json, text/plain;q=0.5)";

  /**
   * True when the client prefers JSON over plain text, from the {@code Accept} header's text (null
   * or blank when absent; several headers joined with commas). The ranges are parsed and sorted by
   * RESTEasy's own helper, as JAX-RS sorts them; the first one that names either representation
   * explicitly wins, and a bare wildcard means text.
   *
   * @throws IllegalArgumentException when the header is not a list of media ranges
   */
  public static boolean prefersJson(String accept) {
    if (accept == null || accept.isBlank()) {
      return false;
    }
    List<MediaType> types = MediaTypeHelper.parseHeader(accept);
    MediaTypeHelper.sortByWeight(types);
    for (MediaType type : types) {
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
