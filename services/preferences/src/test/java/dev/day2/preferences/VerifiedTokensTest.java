package dev.day2.preferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.day2.service.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/**
 * The verified-token cache in front of smallrye-jwt's real verifier (RS256, the test's own key
 * pair): a token is verified once, then served from the cache until the earlier of its expiry and a
 * minute; a refused token is never kept.
 */
class VerifiedTokensTest {
  private final AtomicInteger verifications = new AtomicInteger();
  private final MutableClock clock = new MutableClock(Instant.now());
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final VerifiedTokens tokens = new VerifiedTokens(countingVerifier(), clock, registry);

  private DefaultJWTParser countingVerifier() {
    JWTAuthContextInfo info = new JWTAuthContextInfo(TestTokens.publicKey(), TestTokens.ISSUER);
    info.setExpectedAudience(Set.of(TestTokens.AUDIENCE));
    return new DefaultJWTParser(info) {
      @Override
      public JsonWebToken parse(String token) throws ParseException {
        verifications.incrementAndGet();
        return super.parse(token);
      }
    };
  }

  @Test
  void verifiesATokenOnceThenServesItFromTheCache() throws ParseException {
    String token = TestTokens.forUser("ada");
    assertThat(tokens.parse(token).getSubject()).isEqualTo("ada");
    assertThat(tokens.parse(token).getSubject()).isEqualTo("ada");
    assertThat(tokens.parse(token).getSubject()).isEqualTo("ada");
    assertThat(verifications).hasValue(1);
    assertThat(registry.counter("preferences_token_cache_lookups", "result", "hit").count())
        .isEqualTo(2);
    assertThat(registry.counter("preferences_token_cache_lookups", "result", "miss").count())
        .isEqualTo(1);
  }

  @Test
  void keepsATokenAtMostAMinuteSoARemovedKeyStopsWorking() throws ParseException {
    String token = TestTokens.forUser("bob"); // valid for five minutes
    tokens.parse(token);
    clock.advance(Duration.ofSeconds(59));
    tokens.parse(token);
    assertThat(verifications).hasValue(1);
    clock.advance(Duration.ofSeconds(1));
    tokens.parse(token);
    assertThat(verifications).as("verified again after 60 s").hasValue(2);
  }

  @Test
  void keepsATokenNoLongerThanItsExpiry() throws ParseException {
    String token = TestTokens.expiringIn("carol", Duration.ofSeconds(10));
    tokens.parse(token);
    clock.advance(Duration.ofSeconds(9));
    tokens.parse(token);
    assertThat(verifications).hasValue(1);
    clock.advance(Duration.ofSeconds(2));
    tokens.parse(token); // the verifier checks exp against the real time: still valid
    assertThat(verifications).as("verified again once past its exp").hasValue(2);
  }

  @Test
  void neverKeepsARefusedToken() {
    for (String bad :
        new String[] {TestTokens.wrongKey(), TestTokens.expired(), TestTokens.wrongAudience()}) {
      assertThatThrownBy(() -> tokens.parse(bad)).isInstanceOf(ParseException.class);
      assertThatThrownBy(() -> tokens.parse(bad)).isInstanceOf(ParseException.class);
    }
    assertThat(verifications).hasValue(6);
    assertThat(tokens.size()).isZero();
  }

  @Test
  void staysBounded() throws ParseException {
    JsonWebToken jwt = tokens.parse(TestTokens.forUser("user-0"));
    for (int i = 1; i < VerifiedTokens.MAX_ENTRIES; i++) {
      tokens.remember("token-" + i, jwt, clock.millis());
    }
    assertThat(tokens.size()).isEqualTo(VerifiedTokens.MAX_ENTRIES);
    String oneMore = TestTokens.forUser("one-more");
    tokens.parse(oneMore);
    assertThat(tokens.size()).as("full of valid tokens: started again").isEqualTo(1);
    tokens.parse(oneMore);
    assertThat(verifications).as("the new token was kept").hasValue(2);
  }

  /** A clock the test moves. */
}
