package dev.day2.redis.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Starts a {@link RedisServer} for a Quarkus test and points the application at it through the
 * {@code REDIS_HOST}, {@code REDIS_PORT} (and, with the init arg {@code password=true}, a generated
 * {@code REDIS_PASS}) config keys. With {@code password=wrong} the server requires a generated
 * password and the application is given another one, which Redis refuses (a rotation half done).
 * Use with {@code @WithTestResource} or {@code @QuarkusTestResource}; get the server into the test
 * with a field annotated {@link InjectRedisServer}. Main-method tests ({@code @QuarkusMainTest})
 * start their resources only at launch, too late for a {@code @BeforeEach}: there, start a {@link
 * RedisServer} yourself and pass {@code REDIS_PORT} as a system property.
 */
public class RedisServerResource implements QuarkusTestResourceLifecycleManager {
  private String password;
  private RedisServer server;

  @Override
  public void init(Map<String, String> initArgs) {
    password = initArgs.getOrDefault("password", "false");
    if (!password.equals("false") && !password.equals("true") && !password.equals("wrong")) {
      throw new IllegalArgumentException("password must be false, true or wrong: " + password);
    }
  }

  @Override
  public Map<String, String> start() {
    boolean required = !password.equals("false");
    server = RedisServer.startNew(required ? UUID.randomUUID().toString() : null);
    Map<String, String> config = new HashMap<>();
    config.put("REDIS_HOST", server.host());
    config.put("REDIS_PORT", Integer.toString(server.port()));
    if (required) {
      config.put(
          "REDIS_PASS", password.equals("wrong") ? "not-" + server.password() : server.password());
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
