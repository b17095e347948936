package dev.day2.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** make run starts a replica with the AOT cache trained beside its jar, only when it is fresh. */
class AotCacheTest {
  private final ServiceSpec hello = ServiceSpec.http("hello", "services/hello", 8081, 1);

  @TempDir Path root;

  private Path jar() throws Exception {
    Path jar = hello.jar(root);
    Files.createDirectories(jar.getParent());
    Files.writeString(jar, "jar");
    Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2026-11-30T10:00:00Z")));
    return jar;
  }

  @Test
  void usesACacheTrainedAfterTheJarWasBuilt() throws Exception {
    Path cache = jar().resolveSibling("app.aot");
    Files.writeString(cache, "cache");
    Files.setLastModifiedTime(cache, FileTime.from(Instant.parse("2026-11-30T10:05:00Z")));
    assertThat(hello.aotCache(root)).contains(cache);
  }

  @Test
  void ignoresACacheOlderThanTheJar() throws Exception {
    Path cache = jar().resolveSibling("app.aot");
    Files.writeString(cache, "cache");
    Files.setLastModifiedTime(cache, FileTime.from(Instant.parse("2026-11-30T09:00:00Z")));
    assertThat(hello.aotCache(root)).isEmpty();
  }

  @Test
  void startsWithoutACacheWhenNoneWasTrained() throws Exception {
    jar();
    assertThat(hello.aotCache(root)).isEmpty();
    assertThat(ServiceSpec.http("x", "services/x", 8089, 1).aotCache(root)).isEmpty();
  }
}
