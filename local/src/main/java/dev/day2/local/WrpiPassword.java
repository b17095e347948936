package dev.day2.local;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * The {@code APP_PASSWORD} wrpi-api gets under {@code make run}: the one in the environment, or one
 * generated for this run and printed once (never written to a file).
 */
final class WrpiPassword {
  private static String forThisRun;

  private WrpiPassword() {}

  /** The password for this run (resolved on first use). */
  static synchronized String forThisRun() {
    if (forThisRun == null) {
      forThisRun = resolve(System.getenv(), System.out);
    }
    return forThisRun;
  }

  static String resolve(Map<String, String> env, PrintStream console) {
    String given = env.get("APP_PASSWORD");
    if (given != null && !given.isBlank()) {
      return given;
    }
    byte[] random = new byte[18];
    new SecureRandom().nextBytes(random);
    String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    console.println(
        "wrpi-api: APP_PASSWORD is not set; this run's password (any user name) is " + generated);
    return generated;
  }
}
