package dev.day2.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.day2.k8s.Manifests.Workload;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The backup schedule, both ways it is written: the systemd units of deploy/backup/systemd (a host
 * with PostgreSQL or Redis) pass {@code systemd-analyze verify} and time full/differential backups
 * like the postgres component's CronJobs, which render in the dev overlay, exec into postgres-0 and
 * may do nothing else. The postgres container archives WAL (the image's WAL_ARCHIVING).
 */
class BackupScheduleTest {
  static final Path UNITS = Kustomize.HOME.resolve("deploy/backup/systemd");
  static final String INSTALLED = "/usr/local/lib/day2/backup";

  /** Unit file name → its text, the scripts' install path replaced by the repository's. */
  private static Map<String, String> units() throws IOException {
    Map<String, String> units = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(UNITS)) {
      for (Path f :
          files.filter(p -> p.toString().matches(".*\\.(service|timer)$")).sorted().toList()) {
        units.put(
            f.getFileName().toString(),
            Files.readString(f)
                .replace(INSTALLED, Kustomize.HOME.resolve("deploy/backup").toString()));
      }
    }
    return units;
  }

  private static String verify(Path dir, Map<String, String> units) throws Exception {
    List<String> command = new ArrayList<>(List.of("systemd-analyze", "verify", "--man=no"));
    for (var unit : units.entrySet()) {
      Files.writeString(dir.resolve(unit.getKey()), unit.getValue());
      command.add(dir.resolve(unit.getKey()).toString());
    }
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new AssertionError("systemd-analyze is not installed (make tools installs it)", e);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return ("rc=" + p.exitValue() + " " + out.strip()).strip();
  }

  @Test
  void theSystemdUnitsVerifyWithoutAWarning(@TempDir Path dir) throws Exception {
    Map<String, String> units = units();
    assertThat(units.keySet())
        .containsExactlyInAnyOrder(
            "day2-pg-backup@.service",
            "day2-pg-backup-full.timer",
            "day2-pg-backup-diff.timer",
            "day2-offsite@.service",
            "day2-offsite-pgbackrest.timer",
            "day2-redis-backup.service",
            "day2-redis-backup.timer");
    assertThat(verify(dir, units)).isEqualTo("rc=0");
    for (String script : List.of("pg-backup.sh", "offsite.sh", "redis-backup.sh")) {
      assertThat(String.join("\n", units.values())).contains("/deploy/backup/" + script);
      assertThat(Kustomize.HOME.resolve("deploy/backup/" + script)).isExecutable();
    }
  }

  @Test
  void verifyCatchesAMistypedKey(@TempDir Path dir) throws Exception {
    Map<String, String> units = units();
    units.put(
        "day2-pg-backup-full.timer",
        units.get("day2-pg-backup-full.timer").replace("OnCalendar=", "OnCalendr="));
    assertThat(verify(dir, units)).contains("OnCalendr");
  }

  @Test
  void timersRunAWeeklyFullADailyDiffAndTheCopiesAfterThem() throws IOException {
    Map<String, String> units = units();
    assertThat(units.get("day2-pg-backup-full.timer"))
        .contains(
            "OnCalendar=Sun *-*-* 01:00:00 UTC",
            "Unit=day2-pg-backup@full.service",
            "Persistent=true");
    assertThat(units.get("day2-pg-backup-diff.timer"))
        .contains(
            "OnCalendar=Mon..Sat *-*-* 01:00:00 UTC",
            "Unit=day2-pg-backup@diff.service",
            "Persistent=true");
    assertThat(units.get("day2-offsite-pgbackrest.timer"))
        .contains("OnCalendar=*-*-* 02:00:00 UTC", "Unit=day2-offsite@pgbackrest.service");
    assertThat(units.get("day2-pg-backup@.service"))
        .contains(
            "ExecStart=" + Kustomize.HOME + "/deploy/backup/pg-backup.sh %i",
            "User=postgres",
            "EnvironmentFile=/etc/day2/backup.env");
    assertThat(units.get("day2-offsite@.service"))
        .contains(
            "offsite.sh /var/lib/%i %i", "After=network-online.target day2-pg-backup@full.service");
    assertThat(units.get("day2-redis-backup.timer")).contains("OnCalendar=hourly");
  }

  @Test
  void devRunsTheSameScheduleAsCronJobsThatExecIntoPostgres() {
    Manifests m = Kustomize.overlay("dev");
    Map<String, String> expected =
        Map.of("postgres-backup-full", "0 1 * * 0", "postgres-backup-diff", "0 1 * * 1-6");
    for (var e : expected.entrySet()) {
      CronJob job = m.find(CronJob.class, "platform", e.getKey()).orElseThrow();
      String type = e.getKey().substring("postgres-backup-".length());
      assertThat(job.getSpec().getSchedule()).as(e.getKey()).isEqualTo(e.getValue());
      assertThat(job.getSpec().getTimeZone()).isEqualTo("Etc/UTC");
      assertThat(job.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
      var pod = job.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
      assertThat(pod.getServiceAccountName()).isEqualTo("postgres-backup");
      Container c = pod.getContainers().getFirst();
      assertThat(c.getImage()).startsWith("registry.k8s.io/kubectl:v");
      assertThat(c.getArgs())
          .containsExactly(
              "exec",
              "--namespace=platform",
              "postgres-0",
              "--container=postgres",
              "--",
              "pg-backup.sh",
              type);
    }
    // The Jobs' account may exec into postgres-0, nothing else.
    Role role = m.find(Role.class, "platform", "postgres-backup").orElseThrow();
    assertThat(role.getRules())
        .allSatisfy(r -> assertThat(r.getResourceNames()).containsExactly("postgres-0"))
        .extracting(r -> r.getResources().getFirst() + ":" + String.join(",", r.getVerbs()))
        .containsExactlyInAnyOrder("pods:get", "pods/exec:create");
    RoleBinding binding = m.find(RoleBinding.class, "platform", "postgres-backup").orElseThrow();
    assertThat(binding.getSubjects().getFirst().getName()).isEqualTo("postgres-backup");

    // Where the pods may go: the API server (Job); the Pushgateway (postgres, pg-backup.sh).
    NetworkFlows flows = new NetworkFlows(m);
    Workload backup = m.workload("platform", "postgres-backup-full");
    Workload postgres = m.workload("platform", "postgres");
    Workload pushgateway = m.workload("monitoring", "pushgateway");
    assertThat(flows.allows(postgres, pushgateway, 9091)).isTrue();
    assertThat(flows.allows(backup, postgres, 5432)).isFalse();
  }

  @Test
  void devPostgresArchivesWalToItsOwnVolume() {
    Manifests m = Kustomize.overlay("dev");
    StatefulSet sts = m.find(StatefulSet.class, "platform", "postgres").orElseThrow();
    Workload w = m.workload("platform", "postgres");
    Container c = w.containers().getFirst();
    assertThat(c.getImage()).isEqualTo("registry.day2.example/day2/postgres:15");
    Map<String, String> env = m.environment(w, c);
    assertThat(env.get("WAL_ARCHIVING")).isEqualTo("on");
    assertThat(env.get("PGBACKREST_REPO1_CIPHER_PASS"))
        .isEqualTo("secret:postgres-backup/PGBACKREST_REPO1_CIPHER_PASS");
    assertThat(c.getVolumeMounts())
        .anyMatch(v ->
            v.getName().equals("pgbackrest") && v.getMountPath().equals("/var/lib/pgbackrest"));
    assertThat(sts.getSpec().getVolumeClaimTemplates())
        .extracting(p -> p.getMetadata().getName())
        .containsExactly("data", "pgbackrest");
  }

  @ParameterizedTest
  @ValueSource(strings = {"staging", "prod"})
  void clustersWithRdsHaveNoBackupCronJobs(String overlay) {
    assertThat(Kustomize.overlay(overlay).all(CronJob.class))
        .noneMatch(j -> j.getMetadata().getName().startsWith("postgres-backup"));
  }

  /**
   * ADR 0106: the self-managed PostgreSQL (and so pgBackRest) exists in dev only; the AWS overlays
   * use RDS, whose backups are AWS's (automated backups, AWS Backup, the cross-region copy). So no
   * overlay points a pgBackRest repository at S3, and dev keeps its repository in the cluster, on a
   * volume of its own: an off-cluster copy there is a documented gap.
   */
  @ParameterizedTest
  @ValueSource(strings = {"staging", "prod"})
  void awsOverlaysRunNoPostgresOfTheirOwnButRds(String overlay) {
    Manifests m = Kustomize.overlay(overlay);
    assertThat(m.find(StatefulSet.class, "platform", "postgres")).isEmpty();
    assertThat(m.all(StatefulSet.class))
        .flatExtracting(sts ->
            sts.getSpec().getVolumeClaimTemplates().stream()
                .map(p -> p.getMetadata().getName())
                .toList())
        .doesNotContain("pgbackrest");
    for (String[] db : new String[][] {{"preferences", "preferences"}, {"maps", "tiles"}}) {
      Workload w = m.workload(db[0], db[1]);
      assertThat(m.environment(w, w.containers().getFirst()).get("DB_HOST"))
          .as(overlay + " " + db[1])
          .isEqualTo("postgres.day2.internal");
    }
  }

  @Test
  void devKeepsItsPgBackRestRepositoryInTheClusterOnItsOwnVolume() {
    Manifests m = Kustomize.overlay("dev");
    Workload w = m.workload("platform", "postgres");
    Map<String, String> env = m.environment(w, w.containers().getFirst());
    assertThat(env.keySet())
        .noneMatch(k -> k.startsWith("PGBACKREST_REPO1_TYPE") || k.startsWith("PGBACKREST_REPO2"));
    assertThat(env).doesNotContainKey("PGBACKREST_REPO1_PATH"); // pgbackrest.conf's: the volume
    assertThat(w.containers().getFirst().getVolumeMounts())
        .anyMatch(v ->
            v.getName().equals("pgbackrest") && v.getMountPath().equals("/var/lib/pgbackrest"));
  }

  @Test
  void devCreateSecretsMakesThePassphrase() throws IOException {
    assertThat(Files.readString(Kustomize.K8S.resolve("overlays/dev/create-secrets.sh")))
        .contains(
            "secret platform postgres-backup \"PGBACKREST_REPO1_CIPHER_PASS=$PGBACKREST_CIPHER_PASS\"");
  }
}
