package dev.day2.wrpi.updater;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The system clock for the job. The HTTP services get theirs from service-common, which the updater
 * does not depend on: it is a job and carries no HTTP stack (libs/redis-support, ADR 0098).
 */
@Singleton
class UpdaterClock {
  @Produces
  @Singleton
  @DefaultBean
  Clock clock() {
    return Clock.systemUTC();
  }
}
