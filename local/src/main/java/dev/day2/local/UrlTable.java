package dev.day2.local;

import java.util.List;

/** The table printed once everything is ready. */
final class UrlTable {
  private UrlTable() {}

  static String render(List<ServiceSpec> services, RunnerConfig config) {
    StringBuilder out = new StringBuilder();
    out.append('\n').append(String.format("%-14s %-28s %s%n", "SERVICE", "URL", "HEALTH"));
    for (ServiceSpec spec : services) {
      for (int replica = 0; replica < spec.replicas(); replica++) {
        if (!spec.hasHttp()) {
          out.append(String.format("%-14s %-28s %s%n", spec.instanceName(replica), "(job)", "-"));
          continue;
        }
        String base = "http://localhost:" + spec.portOf(replica);
        out.append(
            String.format(
                "%-14s %-28s %s%n", spec.instanceName(replica), base + "/", base + "/q/health"));
      }
    }
    out.append("\nlogs: ").append(config.logDir()).append("   stop: Ctrl-C\n");
    out.append("ready\n");
    return out.toString();
  }
}
