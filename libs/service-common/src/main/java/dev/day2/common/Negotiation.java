package dev.day2.common;

import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.jboss.resteasy.reactive.common.util.MediaTypeHelper;

/** Content negotiation between the two representations Day2 services offer: text and JSON. */
public final class Negotiation {
  private static final MediaType JSON = MediaType.APPLICATION_JSON_TYPE;
  private static final MediaType TEXT_PLAIN = MediaType.TEXT_PLAIN_TYPE;

  private Negotiation() {}

  /** The message of the 400 a malformed {@code Accept} header gets. */
  public static final String MALFORMED =
      "the Accept header is not a list of media types (e.g. application/json, text/plain;q=0.5)";

  /**
   * True when the client prefers JSON over plain text, from the {@code Accept} header's text (null
   * or blank when absent; several headers joined with commas). The ranges are parsed and sorted by
   * RESTEasy's own helper, as JAX-RS sorts them; the first one that names either representation
   * explicitly wins, and a bare wildcard means text. A range with {@code q=0} accepts nothing: it
   * refuses the representation it names ({@code text/plain} or {@code text/*}, {@code
   * application/json} or {@code application/*}), so a wildcard then means JSON when only text is
   * refused. When the header accepts neither, the answer is text (the header is ignored, as RFC
   * 9110 allows, rather than a 406).
   *
   * @throws IllegalArgumentException when the header is not a list of media ranges
   */
  public static boolean prefersJson(String accept) {
    if (accept == null || accept.isBlank()) {
      return false;
    }
    List<MediaType> types = MediaTypeHelper.parseHeader(accept);
    for (MediaType type : types) {
      quality(type); // a q that is not a number from 0 to 1 is malformed, before sorting by it
    }
    MediaTypeHelper.sortByWeight(types);
    boolean textRefused = false;
    boolean jsonRefused = false;
    for (MediaType type : types) {
      if (quality(type) == 0 && !type.isWildcardType()) {
        textRefused |= TEXT_PLAIN.isCompatible(type);
        jsonRefused |= JSON.isCompatible(type);
      }
    }
    for (MediaType type : types) {
      if (quality(type) == 0) {
        continue;
      }
      if (type.isWildcardType()) {
        return textRefused && !jsonRefused;
      }
      if (JSON.isCompatible(type) && !type.isWildcardSubtype() && !jsonRefused) {
        return true;
      }
      if (TEXT_PLAIN.isCompatible(type) && !textRefused) {
        return false;
      }
    }
    return false;
  }

  /**
   * True when a client with this {@code Accept} header (null or blank when absent; several headers
   * joined with commas) takes JSON, for a resource that has nothing else: the most specific range
   * that covers {@code application/json} ({@code application/json}, then {@code application/*},
   * then a bare wildcard) has a {@code q} above 0. False means a 406.
   *
   * @throws IllegalArgumentException when the header is not a list of media ranges
   */
  public static boolean acceptsJson(String accept) {
    if (accept == null || accept.isBlank()) {
      return true;
    }
    List<MediaType> types = MediaTypeHelper.parseHeader(accept);
    float exact = -1;
    float subtypes = -1;
    float any = -1;
    for (MediaType type : types) {
      float q = quality(type);
      if (type.isWildcardType()) {
        any = Math.max(any, q);
      } else if (JSON.isCompatible(type) && type.isWildcardSubtype()) {
        subtypes = Math.max(subtypes, q);
      } else if (JSON.isCompatible(type)) {
        exact = Math.max(exact, q);
      }
    }
    float q = exact >= 0 ? exact : subtypes >= 0 ? subtypes : any;
    return q > 0;
  }

  /**
   * A range's {@code q}: 1 when absent, a number from 0 to 1 otherwise (RFC 9110's qvalue).
   *
   * @throws IllegalArgumentException when it is anything else ({@code q=abc}, {@code q=2})
   */
  private static float quality(MediaType type) {
    String q = type.getParameters().get("q");
    if (q == null) {
      return 1;
    }
    float value;
    try {
      value = Float.parseFloat(q);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("q is not a number: " + q, e);
    }
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException("q is not between 0 and 1: " + q);
    }
    return value;
  }
}
