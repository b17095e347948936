package dev.day2.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * One row of the service table: a module, the port of its first replica and how many replicas to
 * run, from services.tsv. Replica {@code i} (0-based) listens on {@code port + i * 10000}.
 *
 * @param name service name, also the log prefix ({@code hello-1}, {@code hello-2})
 * @param module Maven module directory, relative to the repository root
 * @param port port of the first replica; 0 for a job with no HTTP server
 * @param replicas how many processes to start
 * @param env extra environment for replica {@code i}, on top of the shared one
 * @param args program arguments (e.g. {@code --loop 60} for a job)
 * @param stores the data stores it needs started first
 */
record ServiceSpec(
    String name,
    String module,
    int port,
    int replicas,
    IntFunction<Map<String, String>> env,
    List<String> args,
    Set<Store> stores) {

  /** Data stores the runner provides. */
  enum Store {
    REDIS,
    POSTGRES,
    /** a key pair that signs bearer tokens, and the service told to trust it (preferences) */
    TOKEN_ISSUER
  }

  static final int REPLICA_PORT_STEP = 10000;

  static ServiceSpec http(String name, String module, int port, int replicas) {
    return new ServiceSpec(name, module, port, replicas, i -> Map.of(), List.of(), Set.of());
  }

  ServiceSpec withEnv(IntFunction<Map<String, String>> more) {
    return new ServiceSpec(name, module, port, replicas, more, args, stores);
  }

  ServiceSpec withArgs(List<String> more) {
    return new ServiceSpec(name, module, port, replicas, env, more, stores);
  }

  ServiceSpec needing(Store... more) {
    return new ServiceSpec(name, module, port, replicas, env, args, Set.of(more));
  }

  boolean hasHttp() {
    return port > 0;
  }

  int portOf(int replica) {
    return port + replica * REPLICA_PORT_STEP;
  }

  String instanceName(int replica) {
    return name + "-" + (replica + 1);
  }

  Path jar(Path root) {
    return root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
  }

  /**
   * The JDK AOT cache {@code make aot} trained beside the jar ({@code quarkus-app/app.aot}, see
   * bench/README.md), when it is newer than the jar: a cache older than the jar it was trained on
   * would only make the JVM warn and start without it.
   */
  Optional<Path> aotCache(Path root) {
    Path jar = jar(root);
    Path cache = jar.resolveSibling("app.aot");
    try {
      if (Files.isRegularFile(cache)
          && Files.getLastModifiedTime(cache).compareTo(Files.getLastModifiedTime(jar)) > 0) {
        return Optional.of(cache);
      }
    } catch (IOException e) {
      return Optional.empty(); // no jar (yet) or unreadable: start without a cache
    }
    return Optional.empty();
  }
}
