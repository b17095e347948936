package dev.day2.infra;

import java.util.List;
import java.util.Map;

/**
 * What the Kubernetes overlays (deploy/k8s/overlays/{staging,prod}) expect this app to create,
 * defined once: the cross-check test (OverlayContractTest) fails when the two sides drift.
 */
public final class Contract {
  private Contract() {}

  /** Private DNS zone in every VPC; components/managed-data-stores names its records. */
  public static final String PRIVATE_ZONE = "day2.internal";

  public static final String REDIS_HOST = "redis." + PRIVATE_ZONE;
  public static final String POSTGRES_HOST = "postgres." + PRIVATE_ZONE;

  /**
   * The EKS Pod Identity agent's link-local address on every node (port 80): a pod with an AWS role
   * under a default-deny egress policy opens it to get its credentials.
   */
  public static final String POD_IDENTITY_AGENT_CIDR = "169.254.170.23/32";

  /** The VPC range components/managed-data-stores opens egress to. */
  public static final String VPC_CIDR = "10.0.0.0/16";

  /** Every ECR repository: one per image the overlays run from registry/day2/. */
  public static final List<String> IMAGES =
      List.of(
          "hello",
          "wrpi-api",
          "wrpi-updater",
          "counter",
          "preferences",
          "tiles",
          "tileset-builder",
          "portal",
          "varnish");

  /**
   * The tileset id the staging and prod overlays serve (TILES_BIGQUERY_TABLES' key), which the
   * outside-in canary asks for.
   */
  public static final String TILESET_ID = "osm_buildings";

  /**
   * The team that owns each image: the {@code day2.dev/team} label of the namespace its workload
   * runs in (ADR 0042). Its ECR repository carries it as {@link #TEAM_TAG}, for cost allocation;
   * {@code CostTagsTest} checks it against the rendered overlays.
   */
  public static final Map<String, String> IMAGE_TEAMS =
      Map.of(
          "hello", "platform",
          "portal", "platform",
          "wrpi-api", "wrpi",
          "wrpi-updater", "wrpi",
          "counter", "counter",
          "preferences", "preferences",
          "tiles", "maps",
          "tileset-builder", "maps",
          "varnish", "maps");

  /** The tag key naming the owning team on every AWS resource that takes tags. */
  public static final String TEAM_TAG = "day2:team";

  /** Prefix of every repository name (ECR) and secret name (Secrets Manager). */
  public static final String PREFIX = "day2/";

  /**
   * Every Secrets Manager secret the ExternalSecrets read, with the JSON keys ("properties") each
   * holds.
   */
  public static final Map<String, List<String>> SECRETS =
      Map.of(
          "day2/wrpi-api", List.of("APP_PASSWORD"),
          "day2/redis", List.of("REDIS_PASS"),
          "day2/redis-endpoint", List.of("REDIS_HOST"),
          "day2/postgres-master", List.of("username", "password"),
          "day2/preferences-db", List.of("username", "password"),
          "day2/tiles-db", List.of("username", "password"),
          "day2/postgres-monitor", List.of("username", "password"),
          "day2/alertmanager-slack", List.of("slack-pager-url", "slack-tickets-url"),
          "day2/grafana", List.of("GRAFANA_ADMIN_PASSWORD"),
          "day2/tiles-gcp", List.of("credentials.json"));

  /** A Kubernetes service account that gets AWS (or GCP) permissions. */
  public record ServiceAccount(String namespace, String name) {}

  public static final ServiceAccount EXTERNAL_SECRETS =
      new ServiceAccount("external-secrets", "external-secrets");
  public static final ServiceAccount LOAD_BALANCER_CONTROLLER =
      new ServiceAccount("kube-system", "aws-load-balancer-controller");
  public static final ServiceAccount CERT_MANAGER =
      new ServiceAccount("cert-manager", "cert-manager");
  public static final ServiceAccount EXTERNAL_DNS =
      new ServiceAccount("external-dns", "external-dns");
  public static final ServiceAccount CLUSTER_AUTOSCALER =
      new ServiceAccount("kube-system", "cluster-autoscaler");

  /** The amazon-cloudwatch-observability add-on's agent (Container Insights node metrics). */
  public static final ServiceAccount CLOUDWATCH_AGENT =
      new ServiceAccount("amazon-cloudwatch", "cloudwatch-agent");

  /** The EBS CSI driver's controller (volumes for the monitoring component's PVCs). */
  public static final ServiceAccount EBS_CSI_CONTROLLER =
      new ServiceAccount("kube-system", "ebs-csi-controller-sa");

  /**
   * The heartbeat CronJob of components/monitoring-aws (the dead man's switch, ADR 0135): puts
   * {@link #HEARTBEAT_METRIC} into {@link #HEARTBEAT_NAMESPACE} while Alertmanager holds the
   * Watchdog; the alarm of {@link MonitoringHeartbeat} watches it.
   */
  public static final ServiceAccount HEARTBEAT = new ServiceAccount("monitoring", "heartbeat");

  public static final String HEARTBEAT_NAMESPACE = "Day2/Monitoring";
  public static final String HEARTBEAT_METRIC = "WatchdogHeartbeat";

  /** The environments whose overlay includes components/monitoring-aws, so runs the heartbeat. */
  public static final List<String> HEARTBEAT_ENVIRONMENTS = List.of("staging", "prod");

  /** tiles' service account: GCP workload identity federation trusts its projected token. */
  public static final ServiceAccount TILES = new ServiceAccount("maps", "tiles");

  /** The audience of the token tiles presents to Google STS (projected volume in the overlay). */
  public static final String GCP_TOKEN_AUDIENCE = "day2-tiles-bigquery";

  /** EKS cluster name per environment; the deploy workflow runs aws eks update-kubeconfig on it. */
  public static String clusterName(String env) {
    return "day2-" + env;
  }

  /** The delivery workflow's role (push images, deploy to the cluster). */
  public static String deployRoleName(String env) {
    return "day2-" + env + "-github-deploy";
  }

  /** The infra workflow's role on merge (cdk deploy). */
  public static String infraRoleName(String env) {
    return "day2-" + env + "-github-infra";
  }

  /** The infra workflow's role on pull requests (cdk diff). */
  public static String infraDiffRoleName(String env) {
    return "day2-" + env + "-github-infra-diff";
  }
}
