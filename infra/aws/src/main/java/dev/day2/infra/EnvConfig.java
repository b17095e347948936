package dev.day2.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One environment's settings, read from the {@code day2:environments} context in cdk.json. Every
 * key is required and checked here, so a typo fails synth with one line naming the key instead of
 * surfacing as a CloudFormation error at deploy time.
 */
public record EnvConfig(
    String name,
    String account,
    String region,
    List<String> availabilityZones,
    String domain,
    int natGateways,
    String kubernetesVersion,
    String nodeInstanceType,
    int nodeMin,
    int nodeDesired,
    int nodeMax,
    String redisNodeType,
    int redisReplicas,
    String postgresInstanceType,
    int postgresStorageGiB,
    boolean postgresMultiAz,
    int backupRetentionDays,
    int logRetentionDays,
    int monthlyBudgetUsd,
    String alarmEmail,
    String alarmSlackWorkspaceId,
    String alarmSlackChannelId,
    String githubRepository,
    String backupCopyRegion,
    String tilesBigQueryProject,
    String tilesGcpProjectNumber,
    String tilesBigQueryDataset,
    String tilesBigQueryTable,
    Map<String, String> eksAddons,
    Map<String, String> helmCharts) {

  /** Whether the alarm topics also post to Slack through AWS Chatbot (both ids set). */
  public boolean alarmsToSlack() {
    return !alarmSlackWorkspaceId.isEmpty();
  }

  /** The context key in cdk.json that holds one object per environment. */
  public static final String CONTEXT_KEY = "day2:environments";

  public static final List<String> ENVIRONMENTS = List.of("dev", "staging", "prod");

  /**
   * The EKS add-ons every cluster runs, each at the version {@code eksAddons} pins in cdk.json (an
   * unpinned add-on would take whatever EKS calls the default on the day it is created, so two
   * environments would drift apart).
   */
  public static final List<String> EKS_ADDONS =
      List.of(
          "vpc-cni",
          "kube-proxy",
          "coredns",
          "eks-pod-identity-agent",
          "metrics-server",
          "cert-manager",
          "external-dns",
          "amazon-cloudwatch-observability",
          "aws-ebs-csi-driver");

  private static final Pattern ADDON_VERSION =
      Pattern.compile("v\\d+\\.\\d+\\.\\d+-eksbuild\\.\\d+");

  /**
   * The Helm charts the CDK app installs (ClusterAddons), each at the chart version {@code
   * helmCharts} pins per environment, so a new chart can soak in dev and staging before prod.
   */
  public static final List<String> HELM_CHARTS = List.of("external-secrets", "cluster-autoscaler");

  private static final Pattern CHART_VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+");

  /** An account id of one repeated digit: the obvious placeholders cdk.json ships with. */
  private static final Pattern PLACEHOLDER_ACCOUNT = Pattern.compile("(\\d)\\1{11}");

  /** RFC 2606 reserves {@code .example}: a domain or address there is a placeholder. */
  private static final Pattern PLACEHOLDER_DOMAIN = Pattern.compile("(.*[.@])?example");

  /** A Slack workspace (T...) or channel (C...) id of zeros: cdk.json's placeholders. */
  private static final Pattern PLACEHOLDER_SLACK = Pattern.compile("[TC]0+");

  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
  private static final Pattern DOMAIN = Pattern.compile("([a-z0-9-]+\\.)+[a-z]{2,}");
  private static final Pattern GITHUB_REPO = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");
  private static final Pattern BQ_NAME = Pattern.compile("[A-Za-z0-9_-]+");

  /** True in prod: the settings that protect data and availability are on regardless of sizes. */
  public boolean isProd() {
    return "prod".equals(name);
  }

  /** {@code staging.day2.example}: the hosted zone of this environment. */
  public String zoneName() {
    return name + "." + domain;
  }

  /** {@code <service>.<env>.<domain>}, the host name the overlays' Ingresses use. */
  public String hostName(String service) {
    return service + "." + zoneName();
  }

  /** The env object of the stacks: explicit account and region, so nothing is looked up. */
  public software.amazon.awscdk.Environment awsEnvironment() {
    return software.amazon.awscdk.Environment.builder().account(account).region(region).build();
  }

  /**
   * Reads and validates environment {@code name} from the context value of {@link #CONTEXT_KEY}.
   *
   * @throws IllegalArgumentException with one line naming the first bad key
   */
  public static EnvConfig from(String name, Object environments) {
    if (!(environments instanceof Map<?, ?> all)) {
      throw new IllegalArgumentException(
          "cdk.json context "
              + CONTEXT_KEY
              + ": missing (an object with one entry per environment)");
    }
    if (!ENVIRONMENTS.contains(name)) {
      throw new IllegalArgumentException(
          "cdk.json context "
              + CONTEXT_KEY
              + "."
              + name
              + ": unknown environment (known: "
              + String.join(", ", ENVIRONMENTS)
              + ")");
    }
    if (!(all.get(name) instanceof Map<?, ?> env)) {
      throw new IllegalArgumentException(
          "cdk.json context " + CONTEXT_KEY + "." + name + ": missing");
    }
    Reader r = new Reader(CONTEXT_KEY + "." + name, env);
    EnvConfig config =
        new EnvConfig(
            name,
            r.string("account", ACCOUNT),
            r.string("region", REGION),
            r.zones("availabilityZones"),
            r.string("domain", DOMAIN),
            r.integer("natGateways", 1, 3),
            r.string("kubernetesVersion", Pattern.compile("1\\.\\d\\d")),
            r.string("nodeInstanceType", Pattern.compile("[a-z0-9]+\\.[a-z0-9]+")),
            r.integer("nodeMin", 1, 100),
            r.integer("nodeDesired", 1, 100),
            r.integer("nodeMax", 1, 100),
            r.string("redisNodeType", Pattern.compile("cache\\.[a-z0-9]+\\.[a-z0-9]+")),
            r.integer("redisReplicas", 0, 5),
            r.string("postgresInstanceType", Pattern.compile("[a-z0-9]+\\.[a-z0-9]+")),
            r.integer("postgresStorageGiB", 20, 65536),
            r.bool("postgresMultiAz"),
            r.integer("backupRetentionDays", 1, 35),
            r.oneOf("logRetentionDays", 7, 14, 30, 90, 180, 365, 731),
            r.integer("monthlyBudgetUsd", 1, 1_000_000),
            r.string("alarmEmail", Pattern.compile("[^@\\s]+@[^@\\s]+\\.[a-z]{2,}")),
            r.optionalString("alarmSlackWorkspaceId", Pattern.compile("T[A-Z0-9]{8,}")),
            r.optionalString("alarmSlackChannelId", Pattern.compile("C[A-Z0-9]{8,}")),
            r.string("githubRepository", GITHUB_REPO),
            r.optionalString("backupCopyRegion", REGION),
            r.string("tilesBigQueryProject", Pattern.compile("[a-z][a-z0-9-]{4,28}[a-z0-9]")),
            r.string("tilesGcpProjectNumber", Pattern.compile("\\d{6,20}")),
            r.string("tilesBigQueryDataset", BQ_NAME),
            r.string("tilesBigQueryTable", BQ_NAME),
            r.pinned("eksAddons", "add-on", EKS_ADDONS, ADDON_VERSION, "EKS add-on version"),
            r.pinned("helmCharts", "chart", HELM_CHARTS, CHART_VERSION, "chart version"));
    r.rejectUnknownKeys();
    return config.checked(r);
  }

  /**
   * The keys of this environment that still hold cdk.json's placeholder values (an account id of
   * one repeated digit, a domain or alarm address under {@code .example}), each as {@code
   * "key=value"}. Synth for review accepts them; {@link Day2App} refuses them otherwise.
   */
  public List<String> placeholders() {
    List<String> found = new ArrayList<>();
    if (PLACEHOLDER_ACCOUNT.matcher(account).matches()) {
      found.add("account=" + account);
    }
    if (PLACEHOLDER_DOMAIN.matcher(domain).matches()) {
      found.add("domain=" + domain);
    }
    if (PLACEHOLDER_DOMAIN.matcher(alarmEmail).matches()) {
      found.add("alarmEmail=" + alarmEmail);
    }
    if (PLACEHOLDER_SLACK.matcher(alarmSlackWorkspaceId).matches()) {
      found.add("alarmSlackWorkspaceId=" + alarmSlackWorkspaceId);
    }
    if (PLACEHOLDER_SLACK.matcher(alarmSlackChannelId).matches()) {
      found.add("alarmSlackChannelId=" + alarmSlackChannelId);
    }
    return found;
  }

  private EnvConfig checked(Reader r) {
    if (nodeMin > nodeDesired || nodeDesired > nodeMax) {
      throw r.bad("nodeDesired", "must lie between nodeMin and nodeMax");
    }
    if (isProd() && natGateways != availabilityZones.size()) {
      throw r.bad("natGateways", "prod needs one NAT gateway per availability zone");
    }
    if (isProd() && (!postgresMultiAz || redisReplicas < 1)) {
      throw r.bad(
          postgresMultiAz ? "redisReplicas" : "postgresMultiAz",
          "prod needs Multi-AZ PostgreSQL and at least one Redis replica");
    }
    if (isProd() && backupCopyRegion.isEmpty()) {
      throw r.bad("backupCopyRegion", "prod copies its backups to a second region");
    }
    if (alarmSlackWorkspaceId.isEmpty() != alarmSlackChannelId.isEmpty()) {
      throw r.bad(
          alarmSlackWorkspaceId.isEmpty() ? "alarmSlackWorkspaceId" : "alarmSlackChannelId",
          "set both Slack ids (the alarms' channel) or neither (alarms by e-mail only)");
    }
    if (backupCopyRegion.equals(region)) {
      throw r.bad("backupCopyRegion", "must differ from region");
    }
    if (Postgres.memoryGiB(postgresInstanceType) == 0) {
      throw r.bad(
          "postgresInstanceType",
          "'"
              + postgresInstanceType
              + "' has no known memory size (Postgres.memoryGiB: t4g, t3, m6g, m6i, m7g, r6g, r7g;"
              + " micro to 4xlarge), so its connection alarm cannot be set");
    }
    for (String zone : availabilityZones) {
      if (!zone.startsWith(region)) {
        throw r.bad("availabilityZones", zone + " is not in " + region);
      }
    }
    // kubectl works within one minor of the API server: the CDK's kubectl layer (charts, the
    // StorageClass) cannot manage a cluster more than one minor past its own (docs/upgrades.md).
    if (kubernetesMinor() > EksCluster.KUBECTL_LAYER_MINOR + 1) {
      throw r.bad(
          "kubernetesVersion",
          kubernetesVersion
              + " is past what the CDK's kubectl layer (v"
              + EksCluster.KUBECTL_LAYER_MINOR
              + ") can manage, 1."
              + (EksCluster.KUBECTL_LAYER_MINOR + 1)
              + ": take a newer layer first (docs/upgrades.md, step 0)");
    }
    // kube-proxy's version is the cluster's minor: an upgrade changes both in one commit.
    String kubeProxy = eksAddons.get("kube-proxy");
    if (!kubeProxy.startsWith("v" + kubernetesVersion + ".")) {
      throw r.bad(
          "eksAddons.kube-proxy",
          kubeProxy
              + " is not a build for Kubernetes "
              + kubernetesVersion
              + " (kube-proxy's version is the cluster's minor)");
    }
    return this;
  }

  /** The minor of {@code kubernetesVersion}: 33 for 1.33. */
  public int kubernetesMinor() {
    return Integer.parseInt(kubernetesVersion.substring(kubernetesVersion.indexOf('.') + 1));
  }

  /**
   * Refuses an environment whose Kubernetes is newer than the one before it in the promotion order
   * (dev, staging, prod): a minor reaches prod only after staging has run it (docs/upgrades.md).
   * Either may be null (dev has no previous environment, prod no next one).
   *
   * @throws IllegalArgumentException with one line naming both environments
   */
  public static void checkUpgradeOrder(EnvConfig previous, EnvConfig config) {
    if (previous != null
        && config != null
        && config.kubernetesMinor() > previous.kubernetesMinor()) {
      throw new IllegalArgumentException(
          "cdk.json context "
              + CONTEXT_KEY
              + "."
              + config.name()
              + ".kubernetesVersion: "
              + config.kubernetesVersion()
              + " is newer than "
              + previous.name()
              + "'s "
              + previous.kubernetesVersion()
              + "; upgrade "
              + previous.name()
              + " first (dev, then staging, then prod)");
    }
  }

  /** Typed access to one environment's map that names the key in every error. */
  private static final class Reader {
    private final String path;
    private final Map<?, ?> values;
    private final Set<String> read = new TreeSet<>();

    Reader(String path, Map<?, ?> values) {
      this.path = path;
      this.values = values;
    }

    IllegalArgumentException bad(String key, String why) {
      return new IllegalArgumentException("cdk.json context " + path + "." + key + ": " + why);
    }

    private Object get(String key) {
      read.add(key);
      Object value = values.get(key);
      if (value == null) {
        throw bad(key, "missing");
      }
      return value;
    }

    String string(String key, Pattern format) {
      String value = optionalString(key, format);
      if (value.isEmpty()) {
        throw bad(key, "must not be empty");
      }
      return value;
    }

    String optionalString(String key, Pattern format) {
      if (!(get(key) instanceof String value)) {
        throw bad(key, "must be a string");
      }
      if (!value.isEmpty() && !format.matcher(value).matches()) {
        throw bad(key, "'" + value + "' does not match " + format.pattern());
      }
      return value;
    }

    int integer(String key, int min, int max) {
      if (!(get(key) instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
        throw bad(key, "must be a whole number");
      }
      if (n.intValue() < min || n.intValue() > max) {
        throw bad(key, n.intValue() + " is outside " + min + ".." + max);
      }
      return n.intValue();
    }

    int oneOf(String key, int... allowed) {
      int value = integer(key, 1, Integer.MAX_VALUE);
      for (int a : allowed) {
        if (a == value) {
          return value;
        }
      }
      throw bad(key, value + " is not one of " + java.util.Arrays.toString(allowed));
    }

    boolean bool(String key) {
      if (!(get(key) instanceof Boolean b)) {
        throw bad(key, "must be true or false");
      }
      return b;
    }

    List<String> zones(String key) {
      if (!(get(key) instanceof List<?> list) || list.size() != 3) {
        throw bad(key, "must list exactly 3 availability zones");
      }
      List<String> zones = new ArrayList<>();
      for (Object zone : list) {
        if (!(zone instanceof String s) || !s.matches("[a-z]{2}(-[a-z]+)+-\\d[a-z]")) {
          throw bad(key, "'" + zone + "' is not an availability zone name");
        }
        zones.add(s);
      }
      if (new TreeSet<>(zones).size() != zones.size()) {
        throw bad(key, "lists a zone twice");
      }
      return List.copyOf(zones);
    }

    /**
     * An object of name to version with exactly {@code names} (each a {@code kind}), each version
     * matching {@code version} (a {@code what}): the EKS add-ons, the Helm charts.
     */
    Map<String, String> pinned(
        String key, String kind, List<String> names, Pattern version, String what) {
      if (!(get(key) instanceof Map<?, ?> map)) {
        throw bad(key, "must be an object of " + kind + " name to version");
      }
      Map<String, String> pinned = new java.util.TreeMap<>();
      for (String name : names) {
        if (!(map.get(name) instanceof String value)) {
          throw bad(key + "." + name, "missing (every " + kind + "'s version is pinned)");
        }
        if (!version.matcher(value).matches()) {
          throw bad(
              key + "." + name, "'" + value + "' is not a pinned " + what + " (" + version + ")");
        }
        pinned.put(name, value);
      }
      for (Object name : map.keySet()) {
        if (!pinned.containsKey(String.valueOf(name))) {
          throw bad(
              key + "." + name, "unknown " + kind + " (known: " + String.join(", ", names) + ")");
        }
      }
      return java.util.Collections.unmodifiableMap(pinned);
    }

    void rejectUnknownKeys() {
      for (Object key : values.keySet()) {
        if (!read.contains(String.valueOf(key))) {
          throw bad(String.valueOf(key), "unknown key");
        }
      }
    }
  }
}
