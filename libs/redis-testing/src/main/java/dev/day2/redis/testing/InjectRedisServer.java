package dev.day2.redis.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link RedisServer} field of a {@code @QuarkusTest} / {@code @QuarkusIntegrationTest}
 * class that {@link RedisServerResource} fills in.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface InjectRedisServer {}
