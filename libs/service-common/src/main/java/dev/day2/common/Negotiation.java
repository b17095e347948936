package dev.day2.common;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/** Content negotiation between the two representations Day2 services offer: text and JSON. */
public final class Negotiation {
  private Negotiation() {}

  /**
   * True when the client prefers JSON over plain text. Types come sorted by preference; the first
   * one that names either representation explicitly wins, and a bare wildcard means text.
   */
  public static boolean prefersJson(HttpHeaders headers) {
    for (MediaType type : headers.getAcceptableMediaTypes()) {
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
