package dev.day2.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The DNS names observability/prometheus/prometheus.yml resolves, with the port it scrapes. */
record ScrapeTargets(List<Target> targets) {
  static final Path PROMETHEUS_YML =
      Kustomize.HOME.resolve("observability/prometheus/prometheus.yml");

  /** One dns_sd_configs name: {@code <service>.<namespace>} and the port Prometheus uses. */
  record Target(String job, String service, String namespace, int port) {
    String id() {
      return job + " → " + service + "." + namespace + ":" + port;
    }
  }

  static ScrapeTargets read() {
    try {
      JsonNode config = new ObjectMapper(new YAMLFactory()).readTree(PROMETHEUS_YML.toFile());
      List<Target> targets = new ArrayList<>();
      for (JsonNode job : config.path("scrape_configs")) {
        add(job.path("job_name").asText(), job.path("dns_sd_configs"), targets);
      }
      for (JsonNode alertmanagers : config.path("alerting").path("alertmanagers")) {
        add("alertmanager (alerting)", alertmanagers.path("dns_sd_configs"), targets);
      }
      return new ScrapeTargets(List.copyOf(targets));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void add(String job, JsonNode dnsSdConfigs, List<Target> targets) {
    for (JsonNode sd : dnsSdConfigs) {
      for (JsonNode name : sd.path("names")) {
        String[] parts = name.asText().split("\\.", 2);
        if (parts.length != 2 || parts[1].contains(".")) {
          throw new AssertionError(job + ": " + name.asText() + " is not <service>.<namespace>");
        }
        targets.add(new Target(job, parts[0], parts[1], sd.path("port").asInt()));
      }
    }
  }
}
