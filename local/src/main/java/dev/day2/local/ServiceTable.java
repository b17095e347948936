package dev.day2.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * services.tsv at the repository root: the one service table (name, module, port, edge host, store,
 * replicas). {@code make run} reads it at start; every other file that restates a port or a replica
 * list is checked against it by deploy/k8s/tests ServiceTableTest.
 */
final class ServiceTable {
  static final String FILE = "services.tsv";

  /**
   * One row.
   *
   * @param name service name
   * @param module Maven module directory
   * @param port first replica's HTTP port; 0 for a job
   * @param host first label of its edge host name, empty when it has none
   * @param store "redis", "postgres" or empty
   * @param runReplicas replicas under {@code make run}
   * @param composeReplicas replicas in deploy/compose
   */
  record Row(
      String name,
      String module,
      int port,
      Optional<String> host,
      Optional<String> store,
      int runReplicas,
      int composeReplicas) {}

  private static volatile List<Row> rows;

  private ServiceTable() {}

  /** The repository root: {@code -Dday2.home} (set by make run and the tests), else ".". */
  static Path home() {
    return Path.of(System.getProperty("day2.home", ".")).toAbsolutePath().normalize();
  }

  static List<Row> rows() {
    if (rows == null) {
      rows = read(home().resolve(FILE));
    }
    return rows;
  }

  static Row row(String name) {
    return rows().stream()
        .filter(r -> r.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(FILE + " has no row " + name));
  }

  static List<Row> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(file + " is missing (the service table)", e);
    }
    List<Row> result = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] cells = line.split("\t");
      if (cells.length != 7) {
        throw new IllegalStateException(
            file.getFileName() + ":" + (i + 1) + ": 7 tab-separated columns expected: " + line);
      }
      result.add(
          new Row(
              cells[0],
              cells[1],
              Integer.parseInt(cells[2]),
              dash(cells[3]),
              dash(cells[4]),
              Integer.parseInt(cells[5]),
              Integer.parseInt(cells[6])));
    }
    return List.copyOf(result);
  }

  private static Optional<String> dash(String cell) {
    return "-".equals(cell) ? Optional.empty() : Optional.of(cell);
  }
}
