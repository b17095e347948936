package dev.day2.preferences;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

/**
 * Refuses to start without the bearer-token settings, however the service is started: {@link
 * PreferencesMain} checks them before Quarkus for the jar (one line, exit 2); the Lambda has no
 * main method, so this check stops its init with the same message.
 */
@Singleton
class JwtStartupCheck {
  void check(@Observes StartupEvent start, Config config) {
    JwtSettings.firstMissing(name -> config.getOptionalValue(name, String.class).orElse(null))
        .ifPresent(missing -> {
          throw new IllegalStateException(
              "preferences: " + missing + " is required (see the service README)");
        });
  }
}
