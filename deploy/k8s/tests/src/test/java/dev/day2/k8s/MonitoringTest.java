package dev.day2.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.day2.k8s.Manifests.Workload;
import dev.day2.k8s.ScrapeTargets.Target;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * components/monitoring in every overlay: Prometheus runs the shipped config, every name its
 * dns_sd_configs look up is a headless Service over pods that listen on the scraped port, and the
 * NetworkPolicies let exactly the monitoring flows through.
 */
class MonitoringTest {
  static final ScrapeTargets TARGETS = ScrapeTargets.read();

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void everyDnsNamePrometheusLooksUpIsAHeadlessServiceOverPodsListeningOnItsPort(String overlay) {
    Manifests m = Kustomize.overlay(overlay);
    assertThat(TARGETS.targets()).hasSizeGreaterThanOrEqualTo(12);
    for (Target t : TARGETS.targets()) {
      Service service =
          m.find(Service.class, t.namespace(), t.service())
              .orElseThrow(() -> new AssertionError(overlay + ": no Service for " + t.id()));
      assertThat(service.getSpec().getClusterIP()).as(t.id() + " headless").isEqualTo("None");
      assertThat(service.getSpec().getPublishNotReadyAddresses())
          .as(t.id() + ": only ready pods")
          .isNotEqualTo(Boolean.TRUE);
      assertThat(service.getSpec().getPorts())
          .as(t.id() + " names the scraped port")
          .extracting(ServicePort::getPort)
          .contains(t.port());
      List<Workload> pods = targetsOf(m, t);
      assertThat(pods).as(t.id() + ": the selector matches a workload's pods").isNotEmpty();
      for (Workload w : pods) {
        assertThat(w.containers())
            .as(t.id() + ": " + w.id() + " listens on the port")
            .flatExtracting(c -> Objects.requireNonNullElse(c.getPorts(), List.<ContainerPort>of()))
            .extracting(ContainerPort::getContainerPort)
            .contains(t.port());
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void networkPoliciesLetPrometheusScrapeEveryTargetAndReachAlertmanager(String overlay) {
    Manifests m = Kustomize.overlay(overlay);
    NetworkFlows flows = new NetworkFlows(m);
    Workload prometheus = m.workload("monitoring", "prometheus");
    for (Target t : TARGETS.targets()) {
      for (Workload target : targetsOf(m, t)) {
        assertThat(flows.allows(prometheus, target, t.port()))
            .as(overlay + ": Prometheus → " + target.id() + ":" + t.port())
            .isTrue();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void networkPoliciesLetThePushesProbesAndLogsThroughAndNothingElse(String overlay) {
    Manifests m = Kustomize.overlay(overlay);
    NetworkFlows flows = new NetworkFlows(m);
    Workload pushgateway = m.workload("monitoring", "pushgateway");
    Workload loki = m.workload("logging", "loki");

    assertThat(flows.allows(m.workload("wrpi", "wrpi-updater"), pushgateway, 9091)).isTrue();
    assertThat(
            flows.allows(
                m.workload("monitoring", "blackbox-exporter"),
                m.workload("platform", "edge"),
                8443))
        .isTrue();
    assertThat(flows.allows(m.workload("logging", "fluent-bit"), loki, 3100)).isTrue();
    assertThat(
            flows.allows(
                m.workload("monitoring", "prometheus"),
                m.workload("monitoring", "blackbox-exporter"),
                9115))
        .as("edge-tls probes go through blackbox-exporter:9115")
        .isTrue();
    assertThat(flows.ingressAllows(m.workload("monitoring", "prometheus"), loki, 3100))
        .as("Loki takes queries from monitoring (Grafana)")
        .isTrue();
    // Default-deny holds: no other namespace pushes, and monitoring reaches no API port it
    // does not scrape.
    assertThat(flows.allows(m.workload("counter", "counter"), pushgateway, 9091)).isFalse();
    assertThat(
            flows.allows(
                m.workload("monitoring", "pushgateway"), m.workload("platform", "hello"), 8081))
        .isFalse();
    assertThat(flows.allows(m.workload("platform", "hello"), loki, 3100)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev"})
  void networkPoliciesLetTheExportersReachTheInClusterStores(String overlay) {
    Manifests m = Kustomize.overlay(overlay);
    NetworkFlows flows = new NetworkFlows(m);

    assertThat(
            flows.allows(
                m.workload("monitoring", "redis-exporter"), m.workload("platform", "redis"), 6379))
        .isTrue();
    assertThat(
            flows.allows(
                m.workload("monitoring", "postgres-exporter"),
                m.workload("platform", "postgres"),
                5432))
        .isTrue();
    assertThat(
            flows.allows(
                m.workload("monitoring", "prometheus"), m.workload("platform", "redis"), 6379))
        .isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void wrpiUpdaterPushesToThePushgatewayOfTheCluster(String overlay) {
    Manifests m = Kustomize.overlay(overlay);
    Workload updater = m.workload("wrpi", "wrpi-updater");
    String url = m.environment(updater, updater.containers().getFirst()).get("PUSHGATEWAY_URL");
    assertThat(url).as("PUSHGATEWAY_URL").isNotBlank();

    URI uri = URI.create(url);
    String[] host = uri.getHost().split("\\.");
    assertThat(uri.getHost()).endsWith(".svc.cluster.local");
    Service service =
        m.find(Service.class, host[1], host[0])
            .orElseThrow(() -> new AssertionError("no Service " + uri.getHost()));
    assertThat(service.getSpec().getPorts())
        .extracting(ServicePort::getPort)
        .contains(uri.getPort());
    Workload pushgateway = m.workload("monitoring", "pushgateway");
    assertThat(Manifests.selects(selector(service), pushgateway.podLabels())).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void prometheusAndAlertmanagerRunTheShippedConfigFiles(String overlay) throws Exception {
    Manifests m = Kustomize.overlay(overlay);
    Workload prometheus = m.workload("monitoring", "prometheus");
    assertThat(prometheus.containers().getFirst().getArgs())
        .contains("--config.file=/etc/prometheus/prometheus.yml");
    assertThat(mounted(m, prometheus, "/etc/prometheus/prometheus.yml").getData())
        .containsEntry("prometheus.yml", Files.readString(ScrapeTargets.PROMETHEUS_YML));
    assertThat(mounted(m, prometheus, "/etc/prometheus/rules").getData())
        .containsEntry(
            "alerts.yaml",
            Files.readString(Kustomize.HOME.resolve("observability/prometheus/rules/alerts.yaml")));
    // edge-tls (file_sd): the edge's TLS port, as a Service in the cluster offers it.
    String edgeTargets =
        mounted(m, prometheus, "/etc/prometheus/targets/edge-tls").getData().get("kubernetes.json");
    assertThat(edgeTargets).contains("\"edge.platform.svc.cluster.local:443\"");
    assertThat(m.find(Service.class, "platform", "edge").orElseThrow().getSpec().getPorts())
        .extracting(ServicePort::getPort)
        .contains(443);

    Workload alertmanager = m.workload("monitoring", "alertmanager");
    assertThat(alertmanager.containers().getFirst().getArgs())
        .contains("--config.file=/etc/alertmanager/config/alertmanager.yml");
    assertThat(mounted(m, alertmanager, "/etc/alertmanager/config").getData())
        .containsEntry(
            "alertmanager.yml",
            Files.readString(
                Kustomize.HOME.resolve("observability/alertmanager/alertmanager.yml")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void alertmanagerIsAClusteredPairThatPrometheusSendsToBoth(String overlay) throws Exception {
    Manifests m = Kustomize.overlay(overlay);
    StatefulSet alertmanager =
        m.find(StatefulSet.class, "monitoring", "alertmanager").orElseThrow();
    int replicas = alertmanager.getSpec().getReplicas();
    assertThat(replicas).as("one pod or node lost keeps alerting").isGreaterThanOrEqualTo(2);
    // Every pod is a peer, by the stable name its governing headless Service gives it.
    String peers = alertmanager.getSpec().getServiceName();
    Service governing = m.find(Service.class, "monitoring", peers).orElseThrow();
    assertThat(governing.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(governing.getSpec().getPublishNotReadyAddresses()).isTrue();
    assertThat(
            Manifests.selects(
                selector(governing), m.workload("monitoring", "alertmanager").podLabels()))
        .isTrue();
    assertThat(governing.getSpec().getPorts())
        .extracting(ServicePort::getPort, ServicePort::getProtocol)
        .contains(
            org.assertj.core.groups.Tuple.tuple(9094, "TCP"),
            org.assertj.core.groups.Tuple.tuple(9094, "UDP"));
    List<String> args =
        alertmanager.getSpec().getTemplate().getSpec().getContainers().getFirst().getArgs();
    List<String> expected = new java.util.ArrayList<>();
    for (int i = 0; i < replicas; i++) {
      expected.add("--cluster.peer=alertmanager-" + i + "." + peers + ".monitoring.svc:9094");
    }
    assertThat(args.stream().filter(a -> a.startsWith("--cluster.peer=")).toList())
        .containsExactlyInAnyOrderElementsOf(expected);
    assertThat(args).contains("--cluster.listen-address=0.0.0.0:9094");
    // Gossip both ways, TCP and UDP, through the NetworkPolicies.
    Workload pod = m.workload("monitoring", "alertmanager");
    NetworkFlows flows = new NetworkFlows(m);
    assertThat(flows.allows(pod, pod, 9094, "TCP")).isTrue();
    assertThat(flows.allows(pod, pod, 9094, "UDP")).isTrue();
    assertThat(flows.allows(m.workload("monitoring", "prometheus"), pod, 9094, "TCP")).isFalse();
    // Prometheus sends to every pod: its dns_sd name is a headless Service over all of them.
    String prometheusYml = Files.readString(ScrapeTargets.PROMETHEUS_YML);
    assertThat(prometheusYml).contains("- names: [alertmanager-scrape.monitoring]");
    Service scrape = m.find(Service.class, "monitoring", "alertmanager-scrape").orElseThrow();
    assertThat(scrape.getSpec().getClusterIP()).isEqualTo("None");
    // A drain takes at most one.
    assertThat(m.all(io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class))
        .anyMatch(pdb ->
            pdb.getMetadata().getNamespace().equals("monitoring")
                && Manifests.selects(pdb.getSpec().getSelector(), pod.podLabels())
                && pdb.getSpec().getMaxUnavailable().getIntVal() == 1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void prometheusKeepsTheSlosThirtyDayWindow(String overlay) {
    // The availability SLO is over 30 days (ADR 0051): with less history the month's error budget
    // cannot be computed in a postmortem (docs/incident-response.md).
    String retention =
        Kustomize.overlay(overlay)
            .workload("monitoring", "prometheus")
            .containers()
            .getFirst()
            .getArgs()
            .stream()
            .filter(arg -> arg.startsWith("--storage.tsdb.retention.time="))
            .findFirst()
            .orElseThrow()
            .substring("--storage.tsdb.retention.time=".length());
    assertThat(retention).matches("\\d+d");
    assertThat(Integer.parseInt(retention.substring(0, retention.length() - 1)))
        .isGreaterThanOrEqualTo(31);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void exportersWatchTheSameRedisAndPostgresAsTheServices(String overlay) {
    Manifests m = Kustomize.overlay(overlay);
    Map<String, String> wrpi = env(m, m.workload("wrpi", "wrpi-api"));
    Map<String, String> preferences = env(m, m.workload("preferences", "preferences"));

    String redisAddr = env(m, m.workload("monitoring", "redis-exporter")).get("REDIS_ADDR");
    if (redisAddr.startsWith("secret:")) {
      // staging/prod: ElastiCache's endpoint, from AWS Secrets Manager into both namespaces'
      // redis-auth (infra/aws OverlayContractTest checks they read the same secret, over TLS).
      assertThat(redisAddr).isEqualTo("secret:redis-auth/REDIS_ADDR");
      assertThat(wrpi.get("REDIS_HOST")).isEqualTo("secret:redis-auth/REDIS_HOST");
    } else {
      URI redis = URI.create(redisAddr);
      assertThat(redis.getHost()).isEqualTo(wrpi.get("REDIS_HOST"));
      assertThat(String.valueOf(redis.getPort())).isEqualTo(wrpi.get("REDIS_PORT"));
    }
    String postgres = env(m, m.workload("monitoring", "postgres-exporter")).get("DATA_SOURCE_URI");
    assertThat(postgres).startsWith(preferences.get("DB_HOST") + ":5432/");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void grafanaProvisionsEveryDashboardAndReachesBothDatasources(String overlay) throws Exception {
    Manifests m = Kustomize.overlay(overlay);
    Workload grafana = m.workload("monitoring", "grafana");
    Map<String, String> env = env(m, grafana);
    NetworkFlows flows = new NetworkFlows(m);

    for (String datasource : List.of("PROMETHEUS_URL", "LOKI_URL")) {
      URI uri = URI.create(env.get(datasource));
      String[] host = uri.getHost().split("\\.");
      Service service =
          m.find(Service.class, host[1], host[0])
              .orElseThrow(() -> new AssertionError(datasource + ": no Service " + uri.getHost()));
      assertThat(service.getSpec().getPorts())
          .extracting(ServicePort::getPort)
          .contains(uri.getPort());
      Workload backend =
          m.workloads().stream()
              .filter(w -> w.namespace().equals(host[1]))
              .filter(w -> Manifests.selects(selector(service), w.podLabels()))
              .findFirst()
              .orElseThrow();
      assertThat(flows.allows(grafana, backend, uri.getPort())).as(datasource).isTrue();
    }
    // The dashboard provider loads its path: the dashboards ConfigMap is mounted there.
    String provider =
        Files.readString(
            Kustomize.HOME.resolve("observability/grafana/provisioning/dashboards/day2.yaml"));
    assertThat(provider).contains("path: /var/lib/grafana/dashboards/day2");
    assertThat(mounted(m, grafana, "/var/lib/grafana/dashboards/day2").getData())
        .containsKeys("day2-overview.json", "day2-wrpi.json", "day2-tiles.json");
  }

  private static Map<String, String> env(Manifests m, Workload w) {
    return m.environment(w, w.containers().getFirst());
  }

  private static List<Workload> targetsOf(Manifests m, Target t) {
    Service service = m.find(Service.class, t.namespace(), t.service()).orElseThrow();
    return m.workloads().stream()
        .filter(w -> w.namespace().equals(t.namespace()))
        .filter(w -> Manifests.selects(selector(service), w.podLabels()))
        .toList();
  }

  private static io.fabric8.kubernetes.api.model.LabelSelector selector(Service service) {
    return new io.fabric8.kubernetes.api.model.LabelSelectorBuilder()
        .withMatchLabels(service.getSpec().getSelector())
        .build();
  }

  /**
   * WalArchivingFailing reads pg_stat_archiver_*, which only deploy/backup's custom queries give
   * postgres_exporter 0.11: every overlay's exporter passes the flag and mounts that very file (one
   * file, a ConfigMap generated beside it; never a copy) where compose mounts it too.
   */
  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void thePostgresExporterRunsTheArchivingQueriesOfDeployBackup(String overlay) throws Exception {
    Manifests m = Kustomize.overlay(overlay);
    Workload exporter = m.workload("monitoring", "postgres-exporter");
    assertThat(exporter.containers().getFirst().getArgs())
        .contains("--extend.query-path=/etc/postgres_exporter/queries.yaml");
    String queries =
        Files.readString(Kustomize.HOME.resolve("deploy/backup/postgres-exporter-queries.yaml"));
    assertThat(mounted(m, exporter, "/etc/postgres_exporter").getData())
        .containsExactly(Map.entry("queries.yaml", queries));
    assertThat(queries).contains("pg_stat_archiver:", "failing");
    assertThat(Files.readString(Kustomize.HOME.resolve("observability/prometheus/rules/dr.yaml")))
        .contains("pg_stat_archiver_failing");
    // compose: the same file at the same path, with the same flag.
    assertThat(Files.readString(ComposeTest.COMPOSE_DIR.resolve("compose.yaml")))
        .contains(
            "../backup/postgres-exporter-queries.yaml:/etc/postgres_exporter/queries.yaml:ro",
            "--extend.query-path=/etc/postgres_exporter/queries.yaml");
  }

  /** The ConfigMap a container of the workload sees at mountPath. */
  private static ConfigMap mounted(Manifests m, Workload w, String mountPath) {
    Container c = w.containers().getFirst();
    VolumeMount mount =
        c.getVolumeMounts().stream()
            .filter(vm -> vm.getMountPath().equals(mountPath))
            .findFirst()
            .orElseThrow(() -> new AssertionError(w.id() + " mounts nothing at " + mountPath));
    Volume volume =
        w.template().getSpec().getVolumes().stream()
            .filter(v -> v.getName().equals(mount.getName()))
            .findFirst()
            .orElseThrow();
    assertThat(volume.getConfigMap()).as(w.id() + " " + mountPath + " is a ConfigMap").isNotNull();
    return m.configMap(w.namespace(), volume.getConfigMap().getName());
  }
}
