package dev.day2.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/compose/compose.yaml, checked without a compose engine (there is none in CI): parsed with
 * its merge keys resolved, and every reference it makes checked against the files it names.
 */
class ComposeTest {
  static final Path COMPOSE_DIR = Kustomize.HOME.resolve("deploy/compose");
  static final Map<String, Object> COMPOSE = load();

  @Test
  void wrpiApiAndUpdaterUseTheSameRedisDatabase() {
    Map<String, String> updater = env("wrpi-updater");
    assertThat(updater).containsKey("REDIS_DB");
    for (String api : List.of("wrpi-api-1", "wrpi-api-2")) {
      assertThat(env(api).get("REDIS_DB")).as(api).isEqualTo(updater.get("REDIS_DB"));
      assertThat(env(api).get("REDIS_HOST")).as(api).isEqualTo(updater.get("REDIS_HOST"));
    }
    assertThat(service("wrpi-updater").get("command")).isEqualTo(List.of("--loop", "60"));
  }

  @Test
  void redisKeepsAnAppendOnlyFileOnAVolume() {
    List<?> command = (List<?>) service("redis").get("command");
    assertThat(String.join(" ", command.stream().map(String::valueOf).toList()))
        .contains("--appendonly yes", "--dir /data", "--requirepass ${REDIS_PASS");
    assertThat(namedVolumes("redis")).containsExactly("redis-data:/data");
    // PostgreSQL's data, and its pgBackRest repository on a volume of its own (ADR 0102)
    assertThat(namedVolumes("postgres"))
        .containsExactly(
            "postgres-data:/var/lib/postgresql/data", "postgres-backups:/var/lib/pgbackrest");
    assertThat(((Map<?, ?>) COMPOSE.get("volumes")).keySet().stream().map(String::valueOf).toList())
        .contains("redis-data", "postgres-data", "postgres-backups", "prometheus-data");
  }

  /**
   * Backups on the schedule of the timers and CronJobs (BackupScheduleTest holds the loop to them):
   * the backup service runs deploy/backup/backup-schedule.sh in the PostgreSQL image, reads the
   * data volume read-only, writes the repository, and reaches the server over TCP.
   */
  @Test
  void theBackupServiceLoopsOnTheScheduleWithTheDataReadOnly() {
    Map<?, ?> backup = service("backup");
    assertThat(backup.get("image")).isEqualTo(service("postgres").get("image"));
    assertThat(String.join(" ", list(backup.get("entrypoint"))))
        .contains("exec backup-schedule.sh loop");
    assertThat(namedVolumes("backup"))
        .containsExactly(
            "postgres-data:/var/lib/postgresql/data:ro", "postgres-backups:/var/lib/pgbackrest");
    Map<String, String> env = env("backup");
    assertThat(env).containsEntry("PGHOST", "postgres").containsEntry("PGUSER", "postgres");
    assertThat(env.get("PGBACKREST_REPO1_CIPHER_PASS"))
        .isEqualTo(env("postgres").get("PGBACKREST_REPO1_CIPHER_PASS"));
    assertThat(env.get("PUSHGATEWAY_URL")).isEqualTo("http://pushgateway:9091");
    // pgbackrest.conf's pg1-path is the server's PGDATA, mounted at the same place here.
    assertThat(env("postgres").get("PGDATA")).isEqualTo("/var/lib/postgresql/data/pgdata");
  }

  @Test
  void everyMountedConfigFileExistsInTheRepository() {
    for (String name : services().keySet()) {
      for (Object volume : list(service(name).get("volumes"))) {
        String source = volume.toString().split(":")[0];
        if (source.startsWith(".") && !source.equals("./certs")) { // ./certs: made by up.sh
          assertThat(COMPOSE_DIR.resolve(source).normalize())
              .as(name + " mounts " + source)
              .exists();
        }
      }
    }
    assertThat(list(service("edge").get("volumes")))
        .contains("../edge/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro");
    assertThat(list(service("cache").get("volumes")))
        .contains("../cache/default.vcl:/etc/varnish/default.vcl:ro");
  }

  @Test
  void everyBackendTheEdgeAndTheCacheNameIsAService() throws IOException {
    String haproxy = Files.readString(Kustomize.HOME.resolve("deploy/edge/haproxy.cfg"));
    Set<String> named = new TreeSet<>();
    Matcher edge = Pattern.compile("\\$\\{[A-Z_0-9]+-([a-z0-9-]+):(\\d+)}").matcher(haproxy);
    while (edge.find()) {
      named.add(edge.group(1));
    }
    String vcl = Files.readString(Kustomize.HOME.resolve("deploy/cache/backends/compose.vcl"));
    Matcher cache = Pattern.compile("\\.host = \"([a-z0-9-]+)\"").matcher(vcl);
    while (cache.find()) {
      named.add(cache.group(1));
    }

    assertThat(named).contains("hello-1", "wrpi-api-2", "cache", "tiles-5");
    assertThat(services().keySet()).containsAll(named);
  }

  @Test
  void everyApiRunsAtLeastTwoReplicasAndTilesFive() {
    Set<String> names = services().keySet();
    for (String api : List.of("hello", "wrpi-api", "counter", "preferences")) {
      assertThat(names).contains(api + "-1", api + "-2");
    }
    assertThat(names).contains("tiles-1", "tiles-2", "tiles-3", "tiles-4", "tiles-5", "cache");
    assertThat(names).contains("redis", "postgres", "prometheus", "edge", "wrpi-updater");
  }

  @Test
  void everyContainerIsHardenedAndEveryImagePinned() {
    for (var entry : services().entrySet()) {
      Map<?, ?> s = (Map<?, ?>) entry.getValue();
      String name = entry.getKey();
      assertThat(s.get("read_only")).as(name + " read_only").isEqualTo(true);
      assertThat(list(s.get("cap_drop"))).as(name + " cap_drop").containsExactly("ALL");
      assertThat(list(s.get("security_opt"))).as(name).contains("no-new-privileges:true");
      // ${VAR:-default} as its default, ${IMAGE_TAG:?...} as the tag up.sh sets.
      String image =
          s.get("image")
              .toString()
              .replaceAll("\\$\\{[A-Z_]+:-([^}]*)}", "$1")
              .replaceAll("\\$\\{IMAGE_TAG:\\?[^}]*}", "0.1.0-abcdef123456");
      assertThat(image).as(name + " image").doesNotEndWith(":latest").matches(".*:[^/]+$");
      if (image.startsWith("localhost/day2/")) {
        assertThat(s.get("user")).as(name + " user").isEqualTo("10001:10001");
      }
    }
  }

  @Test
  void everySecretComesFromTheIgnoredEnvFileWhichHasADocumentedExample() throws IOException {
    String raw = Files.readString(COMPOSE_DIR.resolve("compose.yaml"));
    Matcher required = Pattern.compile("\\$\\{([A-Z_]+):\\?").matcher(raw);
    Set<String> variables = new TreeSet<>();
    while (required.find()) {
      variables.add(required.group(1));
    }
    String example = Files.readString(COMPOSE_DIR.resolve(".env.example"));

    assertThat(variables).contains("APP_PASSWORD", "REDIS_PASS", "POSTGRES_PASSWORD");
    variables.stream()
        .filter(v -> !v.equals("IMAGE_TAG"))
        .forEach(v -> assertThat(example).as(".env.example documents " + v).contains(v + "="));
    assertThat(Files.readAllLines(Kustomize.HOME.resolve(".gitignore")))
        .contains("deploy/compose/.env");
  }

  @Test
  void prometheusHasATargetsFolderForEveryJobAndScrapesOnlyComposeServices() throws IOException {
    String prometheus =
        Files.readString(Kustomize.HOME.resolve("observability/prometheus/prometheus.yml"));
    Path targets = COMPOSE_DIR.resolve("prometheus-targets");
    Matcher job = Pattern.compile("targets/([a-z-]+)/\\*\\.json").matcher(prometheus);
    Set<String> jobs = new TreeSet<>();
    while (job.find()) {
      jobs.add(job.group(1));
    }
    assertThat(jobs).contains("hello", "wrpi-api", "counter", "preferences", "tiles", "edge");

    Matcher address = Pattern.compile("\"([a-z0-9-]+):\\d+\"").matcher("");
    Set<String> scraped = new TreeSet<>();
    for (String name : jobs) {
      Path file = targets.resolve(name).resolve("compose.json");
      assertThat(file).as("file_sd file of job " + name).exists();
      address.reset(Files.readString(file));
      while (address.find()) {
        scraped.add(address.group(1));
      }
    }
    assertThat(scraped).contains("hello-1", "hello-2", "tiles-5", "edge", "prometheus");
    assertThat(services().keySet()).containsAll(scraped);
    assertThat(list(service("prometheus").get("volumes")))
        .contains("./prometheus-targets:/etc/prometheus/targets:ro");
  }

  @Test
  void theUpdaterPushesToThePushgatewayAndAlertsGoToTheAlertmanager() throws IOException {
    assertThat(env("wrpi-updater")).containsEntry("PUSHGATEWAY_URL", "http://pushgateway:9091");
    assertThat(services().keySet())
        .contains(
            "pushgateway",
            "alertmanager",
            "redis-exporter",
            "postgres-exporter",
            "blackbox-exporter");
    assertThat(
            Files.readString(COMPOSE_DIR.resolve("prometheus-targets/alertmanager/compose.json")))
        .contains("\"alertmanager:9093\"");
    assertThat(Files.readString(COMPOSE_DIR.resolve("prometheus-targets/pushgateway/compose.json")))
        .contains("\"pushgateway:9091\"");
  }

  @Test
  void everyInfrastructureImageCanBeSwappedForItsLocalBuild() throws IOException {
    // up.sh replaces ${VAR:-registry image} by deploy/images/infra.sh's local image for VAR.
    String infra = Files.readString(Kustomize.HOME.resolve("deploy/images/infra.sh"));
    Matcher local =
        Pattern.compile("\"([A-Z_]+_IMAGE) (localhost/day2/[a-z-]+:\\$[A-Z_]+)\"").matcher(infra);
    Set<String> swappable = new TreeSet<>();
    while (local.find()) {
      swappable.add(local.group(1));
    }
    for (var entry : services().entrySet()) {
      String image = ((Map<?, ?>) entry.getValue()).get("image").toString();
      Matcher variable = Pattern.compile("^\\$\\{([A-Z_]+):-").matcher(image);
      if (!image.startsWith("${IMAGE_REPO")) {
        assertThat(variable.find()).as(entry.getKey() + " image " + image).isTrue();
        assertThat(swappable).as(entry.getKey() + " image variable").contains(variable.group(1));
      }
    }
    // The same command in both families: the server is redis' entrypoint.
    assertThat(list(service("redis").get("entrypoint"))).containsExactly("redis-server");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> load() {
    try {
      LoaderOptions options = new LoaderOptions();
      options.setMaxAliasesForCollections(200);
      return new Yaml(options).load(Files.readString(COMPOSE_DIR.resolve("compose.yaml")));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void portalCallsEveryCounterAndPreferencesReplica() {
    // No in-network balancer here: the portal's backend takes turns over the replicas the edge
    // names, skipping one that refuses the connection (ADR 0093).
    for (String portal : List.of("portal-1", "portal-2")) {
      Map<String, String> env = env(portal);
      assertThat(env.get("COUNTER_URL").split(","))
          .as(portal + " COUNTER_URL")
          .containsExactly("http://counter-1:8083", "http://counter-2:8083");
      assertThat(env.get("PREFERENCES_URL").split(","))
          .as(portal + " PREFERENCES_URL")
          .containsExactly("http://preferences-1:8084", "http://preferences-2:8084");
      assertThat(env.get("PROMETHEUS_URL")).isEqualTo("http://prometheus:9090");
    }
    assertThat(services()).containsKeys("counter-1", "counter-2", "preferences-1", "preferences-2");
  }

  /**
   * Compose runs the same containers as the pods, so each gets its pod container's memory limit:
   * the JVMs size their heaps from it as in Kubernetes (without one, MaxRAMPercentage takes 3/4 of
   * the host's RAM per replica), and one container that leaks cannot take the host's memory.
   * deploy/compose/test.sh checks the limits hold at run time (each JVM's heap under its limit).
   */
  @Test
  void everyContainerHasItsKubernetesContainersMemoryLimit() {
    Manifests dev = Kustomize.overlay("dev");
    Map<String, Quantity> kubernetes = new TreeMap<>();
    dev.workloads()
        .forEach(w ->
            kubernetes.put(
                w.name(), w.containers().get(0).getResources().getLimits().get("memory")));
    for (String name : services().keySet()) {
      String workload = KUBERNETES_NAME.getOrDefault(name, name.replaceFirst("-[0-9]+$", ""));
      assertThat(kubernetes)
          .as("the Kubernetes workload of compose service " + name)
          .containsKey(workload);
      Object limit = service(name).get("mem_limit");
      assertThat(limit).as(name + ": mem_limit").isNotNull();
      assertThat(composeBytes(limit.toString()))
          .as(
              name
                  + ": mem_limit "
                  + limit
                  + " against "
                  + workload
                  + "'s "
                  + kubernetes.get(workload))
          .isEqualTo(Quantity.getAmountInBytes(kubernetes.get(workload)).longValueExact());
    }
  }

  /** Compose services whose Kubernetes workload has another name than theirs (less "-N"). */
  private static final Map<String, String> KUBERNETES_NAME =
      Map.of("cache", "tiles-cache", "backup", "postgres-backup-full");

  /** Compose's byte values: a number with b, k, m or g (powers of 1024, as Docker reads them). */
  static long composeBytes(String value) {
    Matcher m =
        Pattern.compile("([0-9]+)([bkmg]?)").matcher(value.toLowerCase(java.util.Locale.ROOT));
    assertThat(m.matches()).as("a compose byte value: " + value).isTrue();
    int shift =
        switch (m.group(2)) {
          case "k" -> 10;
          case "m" -> 20;
          case "g" -> 30;
          default -> 0;
        };
    return Long.parseLong(m.group(1)) << shift;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> services() {
    return (Map<String, Object>) COMPOSE.get("services");
  }

  private static Map<?, ?> service(String name) {
    Object s = services().get(name);
    assertThat(s).as("compose service " + name).isNotNull();
    return (Map<?, ?>) s;
  }

  private static Map<String, String> env(String name) {
    Map<String, String> env = new java.util.LinkedHashMap<>();
    ((Map<?, ?>) service(name).get("environment"))
        .forEach((k, v) -> env.put(k.toString(), v.toString()));
    return env;
  }

  private static List<String> namedVolumes(String name) {
    return list(service(name).get("volumes")).stream().filter(v -> !v.startsWith(".")).toList();
  }

  private static List<String> list(Object value) {
    return value == null ? List.of() : ((List<?>) value).stream().map(String::valueOf).toList();
  }
}
