package dev.day2.redis.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Starts a {@link RedisServer} for a Quarkus test and points the application at it through the
 * {@code REDIS_HOST}, {@code REDIS_PORT} (and, with the init arg {@code password=true}, a generated
 * {@code REDIS_PASS}) config keys. Use with {@code @WithTestResource} or
 * {@code @QuarkusTestResource}; get the server into the test with a field annotated {@link
 * InjectRedisServer}. Main-method tests ({@code @QuarkusMainTest}) start their resources only at
 * launch, too late for a {@code @BeforeEach}: there, start a {@link RedisServer} yourself and pass
 * {@code REDIS_PORT} as a system property.
 */
public class RedisServerResource implements QuarkusTestResourceLifecycleManager {
  private boolean withPassword;
  private RedisServer server;

  @Override
  public void init(Map<String, String> initArgs) {
    withPassword = Boolean.parseBoolean(initArgs.getOrDefault("password", "false"));
  }

  @Override
  public Map<String, String> start() {
    server = RedisServer.startNew(withPassword ? UUID.randomUUID().toString() : null);
    Map<String, String> config = new HashMap<>();
    config.put("REDIS_HOST", server.host());
    config.put("REDIS_PORT", Integer.toString(server.port()));
    if (withPassword) {
      config.put("REDIS_PASS", server.password());
    }
    return config;
  }

  @Override
  public void inject(TestInjector testInjector) {
    testInjector.injectIntoFields(
        server,
        new TestInjector.AnnotatedAndMatchesType(InjectRedisServer.class, RedisServer.class));
  }

  @Override
  public void stop() {
    if (server != null) {
      server.close();
    }
  }
}
