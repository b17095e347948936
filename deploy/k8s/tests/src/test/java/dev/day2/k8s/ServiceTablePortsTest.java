package dev.day2.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ports of services.tsv where ServiceTableTest does not look: the docs' prose and tables, and
 * the Kubernetes NetworkPolicies (rendered per overlay). A changed port in the table fails here
 * until every line that states the old one says the new one. Precise on purpose: only lines that
 * name a service and give its port in one of the shapes below, and only policy rules that select a
 * service's pods.
 */
class ServiceTablePortsTest {
  static final Path HOME = Kustomize.HOME;
  static final Map<String, Integer> PORTS =
      ServiceTableTest.ROWS.stream()
          .filter(ServiceTableTest.Row::http)
          .collect(Collectors.toMap(ServiceTableTest.Row::name, ServiceTableTest.Row::port));
  static final String NAMES =
      PORTS.keySet().stream()
          .sorted((a, b) -> b.length() - a.length())
          .map(Pattern::quote)
          .collect(Collectors.joining("|"));

  /**
   * The shapes a doc states a service's port in; group "name", "port" and, where a replica is
   * named, "replica" (make run puts replica i on port + (i-1) × 10000).
   */
  static final List<Pattern> SHAPES =
      List.of(
          // a table row about the service: | hello | … | 8081 | …
          Pattern.compile(
              "^\\| \\[?`?(?<name>"
                  + NAMES
                  + ")`?]?(?:\\([^)]*\\))? \\|.*?\\| (?<port>\\d{4,5}) \\|"),
          // hello :8081 (diagrams, route tables); counter@2 :18083 (deploy/host's instances)
          Pattern.compile(
              "(?<![\\w-])(?<name>" + NAMES + ")(?:@(?<replica>\\d+))? :(?<port>\\d{4,5})\\b"),
          // hello-1:8081, tiles-2:8085 (edge defaults)
          Pattern.compile("(?<![\\w-])(?<name>" + NAMES + ")-\\d+:(?<port>\\d{4,5})\\b"),
          // make run's table:   hello-2   http://localhost:18081/
          Pattern.compile(
              "^\\s*(?<name>"
                  + NAMES
                  + ")-(?<replica>\\d+)\\s+https?://(?:localhost|127\\.0\\.0\\.1):(?<port>\\d{4,5})/"));

  @Test
  void theDocsStateTheTablePorts() throws IOException {
    SoftAssertions soft = new SoftAssertions();
    Map<String, Integer> checkedPerFile = new java.util.TreeMap<>();
    for (Path file : MarkdownFiles.all(HOME)) {
      String relative = HOME.relativize(file).toString();
      if (relative.startsWith("docs/adr/")) {
        continue; // decision records: what was true when decided
      }
      List<String> lines = Files.readAllLines(file);
      for (int i = 0; i < lines.size(); i++) {
        for (Pattern shape : SHAPES) {
          Matcher m = shape.matcher(lines.get(i));
          while (m.find()) {
            int expected = PORTS.get(m.group("name"));
            if (shape.pattern().contains("(?<replica>") && m.group("replica") != null) {
              expected += (Integer.parseInt(m.group("replica")) - 1) * 10000;
            }
            soft.assertThat(Integer.parseInt(m.group("port")))
                .as("%s:%d states %s's port: %s", relative, i + 1, m.group("name"), lines.get(i))
                .isEqualTo(expected);
            checkedPerFile.merge(relative, 1, Integer::sum);
          }
        }
      }
    }
    soft.assertAll();
    assertThat(checkedPerFile)
        .as("files whose port statements are checked")
        .containsKeys(
            "README.md",
            "docs/architecture.md",
            "deploy/edge/README.md",
            "deploy/k8s/README.md",
            "deploy/host/README.md");
    assertThat(checkedPerFile.get("deploy/edge/README.md")).isGreaterThanOrEqualTo(10);
  }

  /**
   * Each NetworkPolicy rule about a service's pods opens that service's port: ingress to the pods a
   * policy selects, egress to peers that select services' pods.
   */
  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void networkPoliciesOpenTheTablePorts(String overlay) {
    SoftAssertions soft = new SoftAssertions();
    int checked = 0;
    for (NetworkPolicy policy : Kustomize.overlay(overlay).all(NetworkPolicy.class)) {
      String where =
          overlay
              + " NetworkPolicy "
              + policy.getMetadata().getNamespace()
              + "/"
              + policy.getMetadata().getName();
      String selected = service(policy.getSpec().getPodSelector());
      if (selected != null && policy.getSpec().getIngress() != null) {
        for (var rule : policy.getSpec().getIngress()) {
          Set<Integer> ports = numeric(rule.getPorts());
          if (!ports.isEmpty()) {
            soft.assertThat(ports)
                .as(where + ": ingress to " + selected)
                .containsOnly(PORTS.get(selected));
            checked++;
          }
        }
      }
      if (policy.getSpec().getEgress() != null) {
        for (var rule : policy.getSpec().getEgress()) {
          List<String> targets = new ArrayList<>();
          for (NetworkPolicyPeer peer :
              rule.getTo() == null ? List.<NetworkPolicyPeer>of() : rule.getTo()) {
            targets.add(service(peer.getPodSelector()));
          }
          Set<Integer> ports = numeric(rule.getPorts());
          if (!targets.isEmpty() && !targets.contains(null) && !ports.isEmpty()) {
            Set<Integer> expected = new TreeSet<>();
            targets.forEach(t -> expected.add(PORTS.get(t)));
            soft.assertThat(ports).as(where + ": egress to " + targets).isEqualTo(expected);
            checked++;
          }
        }
      }
    }
    soft.assertAll();
    assertThat(checked).as(overlay + ": policy rules about services' pods").isGreaterThan(10);
  }

  /** The table service a selector picks by app.kubernetes.io/name; null for anything else. */
  private static String service(LabelSelector selector) {
    if (selector == null || selector.getMatchLabels() == null) {
      return null;
    }
    String name = selector.getMatchLabels().get("app.kubernetes.io/name");
    return PORTS.containsKey(name) ? name : null;
  }

  private static Set<Integer> numeric(List<NetworkPolicyPort> ports) {
    Set<Integer> numbers = new TreeSet<>();
    if (ports != null) {
      for (NetworkPolicyPort port : ports) {
        if (port.getPort() != null && port.getPort().getIntVal() != null) {
          numbers.add(port.getPort().getIntVal());
        }
      }
    }
    return numbers;
  }
}
