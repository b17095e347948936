package dev.day2.common;

import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The name of this replica: {@code INSTANCE_NAME}, or the host name when unset. */
@Singleton
public class Instance {
  private final String name;

  Instance(@ConfigProperty(name = "day2.instance-name") Optional<String> configured) {
    this.name = configured.filter(s -> !s.isBlank()).orElseGet(Instance::hostName);
  }

  public String name() {
    return name;
  }

  private static String hostName() {
    String fromEnv = System.getenv("HOSTNAME");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown";
    }
  }
}
