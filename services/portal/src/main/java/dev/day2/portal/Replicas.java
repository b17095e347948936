package dev.day2.portal;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The replicas of one service the backend calls: one URL where something balances for us (a
 * Kubernetes Service), or a comma-separated list where nothing does (compose names each replica).
 * Calls take turns; {@link Backends} skips a replica that refuses the connection, as the edge's
 * {@code retry-on conn-failure} does (docs/adr/0093).
 */
final class Replicas {
  private final List<URI> urls;
  private final AtomicInteger turn = new AtomicInteger();

  private Replicas(List<URI> urls) {
    this.urls = List.copyOf(urls);
  }

  /** {@code http://counter-1:8083,http://counter-2:8083}; a bad entry names {@code variable}. */
  static Replicas parse(String variable, String value) {
    List<URI> urls = new ArrayList<>();
    for (String entry : value.split(",")) {
      String url = entry.trim();
      if (!url.matches("https?://[^\\s/]+(/\\S*)?")) {
        throw new IllegalArgumentException(
            variable
                + ": expected http(s)://host:port[,http(s)://host:port...], got '"
                + url
                + "'");
      }
      urls.add(URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url));
    }
    return new Replicas(urls);
  }

  /** Every replica once, starting with the one whose turn it is. */
  List<URI> inTurn() {
    int first = Math.floorMod(turn.getAndIncrement(), urls.size());
    List<URI> order = new ArrayList<>(urls.size());
    for (int i = 0; i < urls.size(); i++) {
      order.add(urls.get((first + i) % urls.size()));
    }
    return order;
  }

  List<URI> all() {
    return urls;
  }
}
