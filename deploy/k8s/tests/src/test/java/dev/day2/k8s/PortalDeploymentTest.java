package dev.day2.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.day2.k8s.Manifests.Workload;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The portal (services/portal) in every overlay: it runs the release's digest like every service,
 * the edge routes {@code portal.<domain>} to its Service, Prometheus scrapes it, its backend calls
 * the in-cluster counter, preferences and Prometheus (and the NetworkPolicies let exactly that
 * through), and wrpi-api's CORS admits exactly that environment's portal origin (ADR 0086).
 */
class PortalDeploymentTest {
  /** Where each environment's edge answers (dev: kubectl port-forward on 8443). */
  static final Map<String, String> DOMAIN =
      Map.of(
          "dev", "localhost:8443",
          "staging", "staging.day2.example",
          "prod", "prod.day2.example");

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void runsTheReleasedDigestWithTwoReplicasAutoscaledAndUnderABudget(String overlay) {
    Manifests m = Kustomize.overlay(overlay);
    Workload portal = m.workload("platform", "portal");

    assertThat(portal.containers().getFirst().getImage())
        .isEqualTo(
            "registry.day2.example/day2/portal@"
                + ReleaseHistoryTest.pinned(overlay).get("portal"));
    assertThat(portal.replicas()).isGreaterThanOrEqualTo(2);
    HorizontalPodAutoscaler hpa =
        m.find(HorizontalPodAutoscaler.class, "platform", "portal").orElseThrow();
    assertThat(hpa.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2);
    assertThat(m.all(PodDisruptionBudget.class))
        .anyMatch(p ->
            p.getMetadata().getNamespace().equals("platform")
                && Manifests.selects(p.getSpec().getSelector(), portal.podLabels()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void theEdgeRoutesThePortalHostToThePortalService(String overlay) throws Exception {
    Manifests m = Kustomize.overlay(overlay);
    Workload edge = m.workload("platform", "edge");
    Map<String, String> env = m.environment(edge, edge.containers().getFirst());
    // haproxy.cfg routes by the host's first label: portal.<domain> → backend portal.
    String cfg = Files.readString(Kustomize.HOME.resolve("deploy/edge/haproxy.cfg"));
    assertThat(cfg).contains("backend portal", "${PORTAL_R1-", "${PORTAL_R2-");

    for (String server : List.of("PORTAL_R1", "PORTAL_R2")) {
      assertThat(env.get(server)).as(server).isEqualTo("portal.platform.svc.cluster.local:8086");
    }
    assertServiceReaches(m, "portal.platform.svc.cluster.local", 8086, "platform", "portal");
    NetworkFlows flows = new NetworkFlows(m);
    assertThat(flows.allows(edge, m.workload("platform", "portal"), 8086)).isTrue();
    // the edge's certificate covers the portal's host name
    GenericKubernetesResource cert =
        m.all(GenericKubernetesResource.class).stream()
            .filter(o -> o.getKind().equals("Certificate"))
            .filter(o -> o.getMetadata().getName().equals("edge"))
            .findFirst()
            .orElseThrow();
    @SuppressWarnings("unchecked")
    List<String> names =
        (List<String>)
            ((Map<String, Object>) cert.getAdditionalProperties().get("spec")).get("dnsNames");
    assertThat(names).contains("*." + DOMAIN.get(overlay).replaceFirst(":\\d+$", ""));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void prometheusScrapesEveryPortalReplica(String overlay) {
    assertThat(MonitoringTest.TARGETS.targets())
        .anyMatch(t ->
            t.job().equals("portal")
                && t.service().equals("portal-scrape")
                && t.namespace().equals("platform")
                && t.port() == 8086);
    // MonitoringTest checks every target is a headless Service over listening pods that
    // Prometheus may reach; here: the portal's is among them in this overlay.
    Manifests m = Kustomize.overlay(overlay);
    Service scrape = m.find(Service.class, "platform", "portal-scrape").orElseThrow();
    assertThat(scrape.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(
            new NetworkFlows(m)
                .allows(
                    m.workload("monitoring", "prometheus"), m.workload("platform", "portal"), 8086))
        .isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void theBackendCallsTheInClusterServicesAndNothingElse(String overlay) {
    Manifests m = Kustomize.overlay(overlay);
    Workload portal = m.workload("platform", "portal");
    Map<String, String> env = m.environment(portal, portal.containers().getFirst());
    NetworkFlows flows = new NetworkFlows(m);

    assertUrlReaches(m, env.get("COUNTER_URL"), "counter", "counter");
    assertUrlReaches(m, env.get("PREFERENCES_URL"), "preferences", "preferences");
    assertUrlReaches(m, env.get("PROMETHEUS_URL"), "monitoring", "prometheus");
    assertThat(flows.allows(portal, m.workload("counter", "counter"), 8083)).isTrue();
    assertThat(flows.allows(portal, m.workload("preferences", "preferences"), 8084)).isTrue();
    assertThat(flows.allows(portal, m.workload("monitoring", "prometheus"), 9090)).isTrue();
    // default-deny still holds: no data store, no other API
    assertThat(flows.allows(portal, m.workload("wrpi", "wrpi-api"), 8082)).isFalse();
    assertThat(flows.allows(portal, m.workload("maps", "tiles"), 8085)).isFalse();
    assertThat(flows.allows(m.workload("platform", "hello"), portal, 8086)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void wrpiAdmitsExactlyThisEnvironmentsPortalAndThePageUsesItsOwnDomain(String overlay) {
    Manifests m = Kustomize.overlay(overlay);
    String domain = DOMAIN.get(overlay);
    Workload wrpi = m.workload("wrpi", "wrpi-api");
    Workload portal = m.workload("platform", "portal");
    Map<String, String> env = m.environment(portal, portal.containers().getFirst());

    assertThat(m.environment(wrpi, wrpi.containers().getFirst()).get("CORS_ALLOWED_ORIGINS"))
        .isEqualTo("https://portal." + domain);
    assertThat(env.get("PORTAL_WRPI_URL")).isEqualTo("https://wrpi." + domain);
    // the map's default environment (the first) is this one's tiles, through its edge
    assertThat(env.get("PORTAL_TILES_ENVIRONMENTS").split(",")[0])
        .endsWith("=https://tiles." + domain);
  }

  private static void assertUrlReaches(Manifests m, String url, String namespace, String name) {
    assertThat(url).as(name + " URL").isNotBlank();
    URI uri = URI.create(url);
    assertThat(uri.getScheme()).isEqualTo("http");
    assertServiceReaches(m, uri.getHost(), uri.getPort(), namespace, name);
  }

  /** host is {@code <service>.<namespace>.svc.cluster.local}; its Service selects the workload. */
  private static void assertServiceReaches(
      Manifests m, String host, int port, String namespace, String workload) {
    assertThat(host).isEqualTo(workload + "." + namespace + ".svc.cluster.local");
    Service service = m.find(Service.class, namespace, workload).orElseThrow();
    assertThat(service.getSpec().getClusterIP()).as(host + " balances").isNotEqualTo("None");
    assertThat(service.getSpec().getPorts()).anyMatch(p -> p.getPort() == port);
    Workload w = m.workload(namespace, workload);
    assertThat(service.getSpec().getSelector()).isNotEmpty();
    assertThat(w.podLabels()).containsAllEntriesOf(service.getSpec().getSelector());
  }
}
