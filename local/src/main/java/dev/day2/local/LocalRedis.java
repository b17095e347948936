package dev.day2.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The Redis that {@code make run} starts: Debian's {@code redis-server} (Redis 7) when installed,
 * otherwise the Redis 6.2 binary shipped in the embedded-redis jar. AOF is on (fsync every second)
 * with RDB snapshots, as in every other topology, so counts survive a restart or a crash of Redis.
 */
final class LocalRedis {
  private static final String EMBEDDED_BINARY = "redis-server-6.2.6-v5-linux-amd64";

  private LocalRedis() {}

  static ManagedProcess start(int port, Path dataDir, Path logDir, PrintStream console)
      throws IOException {
    if (Readiness.portInUse(port)) {
      throw new IllegalStateException(
          "port "
              + port
              + " is in use: set REDIS_HOST/REDIS_PORT to use that Redis,"
              + " or LOCAL_REDIS_PORT to start ours elsewhere");
    }
    Path dir = Files.createDirectories(dataDir.resolve("redis"));
    List<String> command =
        List.of(
            binary(dataDir).toString(),
            "--port",
            Integer.toString(port),
            "--bind",
            "127.0.0.1",
            "--dir",
            dir.toString(),
            "--appendonly",
            "yes",
            // fsync the AOF once a second: a crash (kill -9, power loss) loses at most ~1 s of
            // writes; make drills measures it (docs/disaster-recovery.md)
            "--appendfsync",
            "everysec",
            // RDB snapshots as well, for copies off the machine (deploy/backup/redis-backup.sh)
            "--save",
            "3600 1",
            "--save",
            "300 100",
            "--save",
            "60 10000");
    ManagedProcess redis =
        ManagedProcess.start("redis", command, Map.of(), logDir.resolve("redis.log"), console);
    if (!Readiness.awaitRedis(port, Duration.ofSeconds(20), redis::isAlive)) {
      redis.stop(Duration.ofSeconds(2));
      throw new IllegalStateException("redis did not answer PING on port " + port);
    }
    return redis;
  }

  private static Path binary(Path dataDir) throws IOException {
    for (String candidate : List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server")) {
      Path path = Path.of(candidate);
      if (Files.isExecutable(path)) {
        return path;
      }
    }
    Path extracted = dataDir.resolve(EMBEDDED_BINARY);
    try (InputStream in = LocalRedis.class.getResourceAsStream("/" + EMBEDDED_BINARY)) {
      if (in == null) {
        throw new IllegalStateException("no redis-server found: run `make tools`");
      }
      Files.copy(in, extracted, StandardCopyOption.REPLACE_EXISTING);
    }
    Files.setPosixFilePermissions(extracted, PosixFilePermissions.fromString("rwx------"));
    return extracted;
  }
}
