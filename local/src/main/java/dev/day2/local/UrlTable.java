package dev.day2.local;

import java.util.List;

/** The table printed once everything is ready. */
final class UrlTable {
  private UrlTable() {}

  static String render(List<ServiceSpec> services, RunnerConfig config, boolean edge) {
    StringBuilder out = new StringBuilder();
    out.append('\n').append(String.format("%-14s %-28s %s%n", "SERVICE", "URL", "HEALTH"));
    for (ServiceSpec spec : services) {
      for (int replica = 0; replica < spec.replicas(); replica++) {
        if (!spec.hasHttp()) {
          out.append(String.format("%-14s %-28s %s%n", spec.instanceName(replica), "(job)", "-"));
          continue;
        }
        String base = "http://localhost:" + config.portOf(spec, replica);
        out.append(
            String.format(
                "%-14s %-28s %s%n", spec.instanceName(replica), base + "/", base + "/q/health"));
      }
    }
    if (edge) {
      out.append(String.format("%nEDGE (HAProxy, TLS, self-signed: curl -k)%n"));
      for (ServiceSpec spec : services) {
        LocalEdge.host(spec)
            .ifPresent(host ->
                out.append(
                    String.format(
                        "%-14s https://%s:%d/%n",
                        spec.name(), host, LocalEdge.HTTPS_PORT + config.portOffset())));
      }
      out.append(
          String.format(
              "%-14s http://127.0.0.1:%d/stats  /metrics%n",
              "edge stats", LocalEdge.STATS_PORT + config.portOffset()));
    }
    out.append("\nlogs: ").append(config.logDir()).append("   stop: Ctrl-C\n");
    out.append("ready\n");
    return out.toString();
  }
}
