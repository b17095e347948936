package dev.day2.tiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packaged service (target/quarkus-app, what the image copies) carries the tileset format but
 * not the builder, JTS, the MVT encoder or the Monaco sample: seeding is the seed job's concern
 * (docs/adr/0091-tileset-format-library-and-seed-job.md).
 */
class ArtifactContentsIT {
  static final Path APP = Path.of("target/quarkus-app");

  @Test
  void theDependencyListHasTheFormatButNotTheBuilder() throws IOException {
    List<String> dependencies = Files.readAllLines(APP.resolve("quarkus-app-dependencies.txt"));
    assertThat(dependencies).anyMatch(d -> d.startsWith("dev.day2:tileset-format:"));
    assertThat(dependencies)
        .noneMatch(d -> d.startsWith("dev.day2:tileset-builder:"))
        .noneMatch(d -> d.startsWith("org.locationtech.jts"))
        .noneMatch(d -> d.startsWith("io.github.sebasbaumh:"));
  }

  @Test
  void noJarInTheArtifactHoldsTheBuilderOrTheSample() throws IOException {
    List<String> offending = new ArrayList<>();
    List<Path> jars;
    try (Stream<Path> files = Files.walk(APP)) {
      jars = files.filter(f -> f.toString().endsWith(".jar")).toList();
    }
    assertThat(jars).hasSizeGreaterThan(10);
    for (Path jar : jars) {
      try (JarFile file = new JarFile(jar.toFile())) {
        file.stream()
            .map(e -> e.getName())
            .filter(name ->
                name.endsWith("monaco-buildings.geojson")
                    || name.startsWith("org/locationtech/jts/")
                    || name.equals("dev/day2/tileset/TilesetBuilder.class")
                    || name.equals("dev/day2/tileset/Seed.class"))
            .findFirst()
            .ifPresent(name -> offending.add(APP.relativize(jar) + "!" + name));
      }
    }
    assertThat(offending).isEmpty();
  }
}
