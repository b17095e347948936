package dev.day2.wrpi.api;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;
import java.util.UUID;

/**
 * The api's own settings for a test run: a fresh {@code APP_PASSWORD} (never a committed one),
 * injected into a {@code String} field annotated {@link Password}, one allowed CORS origin, and no
 * reading cache.
 */
public class WrpiTestConfig implements QuarkusTestResourceLifecycleManager {
  static final String SPA_ORIGIN = "https://spa.example.org";

  private final String password = "pw-" + UUID.randomUUID();

  @Override
  public Map<String, String> start() {
    // WRPI_CACHE_TTL=0s: each test changes Redis and must see the change at once;
    // ReadingCacheTest covers the cache itself.
    return Map.of(
        "APP_PASSWORD", password, "CORS_ALLOWED_ORIGINS", SPA_ORIGIN, "WRPI_CACHE_TTL", "0s");
  }

  @Override
  public void inject(TestInjector testInjector) {
    testInjector.injectIntoFields(
        password, new TestInjector.AnnotatedAndMatchesType(Password.class, String.class));
  }

  @Override
  public void stop() {}

  /** The field that receives the generated password. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.FIELD)
  @interface Password {}
}
