package dev.day2.preferences;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The versioned migrations the service ships ({@code db/migration/V<n>__*.sql} on the class path,
 * from the classes directory or from the jar), so a test that migrates an empty database expects
 * what is there instead of a number edited by hand with every new migration.
 */
public final class ShippedMigrations {
  private static final String LOCATION = "db/migration";
  private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__.+\\.sql");

  private ShippedMigrations() {}

  /** How many versioned migrations an empty database gets. */
  public static int count() {
    return versions().size();
  }

  /** The schema version after every migration ran, as Flyway reports it ("2"). */
  public static String latestVersion() {
    List<Integer> versions = versions();
    return String.valueOf(versions.getLast());
  }

  static List<Integer> versions() {
    URL url = ShippedMigrations.class.getClassLoader().getResource(LOCATION);
    if (url == null) {
      throw new IllegalStateException(LOCATION + " is not on the class path");
    }
    List<Integer> versions = new ArrayList<>();
    for (String name : names(url)) {
      Matcher m = VERSIONED.matcher(name);
      if (m.matches()) {
        versions.add(Integer.valueOf(m.group(1)));
      }
    }
    if (versions.isEmpty()) {
      throw new IllegalStateException("no V<n>__*.sql in " + url);
    }
    Collections.sort(versions);
    return versions;
  }

  private static List<String> names(URL url) {
    try {
      if ("jar".equals(url.getProtocol())) {
        JarURLConnection connection = (JarURLConnection) url.openConnection();
        connection.setUseCaches(false);
        try (JarFile jar = connection.getJarFile()) {
          String prefix = LOCATION + "/";
          return jar.stream()
              .map(e -> e.getName())
              .filter(n -> n.startsWith(prefix) && n.indexOf('/', prefix.length()) < 0)
              .map(n -> n.substring(prefix.length()))
              .toList();
        }
      }
      try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
        return files.map(p -> p.getFileName().toString()).toList();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
