package dev.day2.preferences;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * A bounded cache of bearer tokens this replica has verified (ADR 0116). Verifying an RS256
 * signature was a third of the service's CPU (bench/README.md, profiles), and a client sends the
 * same token on every call until it expires. A token is kept, keyed by its exact text, until the
 * earlier of its {@code exp} and {@link #MAX_AGE} after it was verified, so a signing key removed
 * from {@code JWT_PUBLIC_KEY} stops working within a minute. Only successes are kept: a bad token
 * is verified (and refused) every time. Every other {@link JWTParser} method goes straight to the
 * default parser.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokens implements JWTParser {
  static final Duration MAX_AGE = Duration.ofSeconds(60);
  static final int MAX_ENTRIES = 10_000;

  private record Entry(JsonWebToken token, long untilMillis) {}

  private final JWTParser verifier;
  private final Clock clock;
  private final ConcurrentHashMap<String, Entry> verified = new ConcurrentHashMap<>();
  private final Counter hits;
  private final Counter misses;

  /**
   * The Lambda turns Micrometer off (CloudWatch has its metrics): there the counters go to a
   * registry nobody reads.
   */
  @Inject
  VerifiedTokens(DefaultJWTParser verifier, Clock clock, Instance<MeterRegistry> registry) {
    this(
        (JWTParser) verifier,
        clock,
        registry.isResolvable() ? registry.get() : new CompositeMeterRegistry());
  }

  VerifiedTokens(JWTParser verifier, Clock clock, MeterRegistry registry) {
    this.verifier = verifier;
    this.clock = clock;
    String name = "preferences_token_cache_lookups";
    String help = "Bearer tokens found verified in this replica's cache (hit) or verified (miss)";
    this.hits = Counter.builder(name).description(help).tag("result", "hit").register(registry);
    this.misses = Counter.builder(name).description(help).tag("result", "miss").register(registry);
    Gauge.builder("preferences_token_cache_size", verified, ConcurrentHashMap::size)
        .description("Verified bearer tokens this replica keeps")
        .register(registry);
  }

  @Override
  public JsonWebToken parse(String token) throws ParseException {
    JsonWebToken known = cached(token);
    if (known != null) {
      return known;
    }
    long now = clock.millis();
    misses.increment();
    JsonWebToken jwt = verifier.parse(token);
    remember(token, jwt, now);
    return jwt;
  }

  /**
   * The token when this replica verified it and keeps it (a hit), else null: {@link #parse} it,
   * where a verification may block (a signature check, the issuer's keys fetched).
   */
  JsonWebToken cached(String token) {
    Entry entry = verified.get(token);
    if (entry != null && clock.millis() < entry.untilMillis()) {
      hits.increment();
      return entry.token();
    }
    return null;
  }

  /** Keeps a verified token until the earlier of its exp and MAX_AGE from {@code now}. */
  void remember(String token, JsonWebToken jwt, long now) {
    long until = now + MAX_AGE.toMillis();
    long exp = jwt.getExpirationTime();
    if (exp > 0) {
      until = Math.min(until, exp * 1000);
    }
    if (until <= now) {
      return;
    }
    if (verified.size() >= MAX_ENTRIES) {
      verified.values().removeIf(e -> e.untilMillis() <= now);
      if (verified.size() >= MAX_ENTRIES) {
        verified.clear(); // every one still valid: start again rather than grow
      }
    }
    verified.put(token, new Entry(jwt, until));
  }

  int size() {
    return verified.size();
  }

  @Override
  public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
    return verifier.parse(token, context);
  }

  @Override
  public JsonWebToken verify(String token, PublicKey key) throws ParseException {
    return verifier.verify(token, key);
  }

  @Override
  public JsonWebToken verify(String token, SecretKey key) throws ParseException {
    return verifier.verify(token, key);
  }

  @Override
  public JsonWebToken verify(String token, String secret) throws ParseException {
    return verifier.verify(token, secret);
  }

  @Override
  public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
    return verifier.decrypt(token, key);
  }

  @Override
  public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
    return verifier.decrypt(token, key);
  }

  @Override
  public JsonWebToken decrypt(String token, String secret) throws ParseException {
    return verifier.decrypt(token, secret);
  }

  @Override
  public JsonWebToken parseOnly(String token) throws ParseException {
    return verifier.parseOnly(token);
  }
}
