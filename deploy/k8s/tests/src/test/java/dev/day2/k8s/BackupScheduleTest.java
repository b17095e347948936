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
 * may do nothing else. The postgres container archives WAL (the image's WAL_ARCHIVING). Compose's
 * loop (deploy/backup/backup-schedule.sh) is due exactly when the timers and the CronJobs are.
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

  /** Runs a command with TZ=UTC; its output (stdout and stderr), failing on a non-zero status. */
  private static String run(List<String> command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("TZ", "UTC");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
    return out;
  }

  private static String onCalendar(String unit) {
    return unit.lines()
        .filter(l -> l.startsWith("OnCalendar="))
        .map(l -> l.substring("OnCalendar=".length()))
        .findFirst()
        .orElseThrow();
  }

  /** The first minute strictly after {@code after} that a "M H * * DOW" cron expression names. */
  static long cronNext(String cron, long after) {
    String[] f = cron.trim().split("\\s+");
    assertThat(f).hasSize(5);
    assertThat(f[2]).isEqualTo("*");
    assertThat(f[3]).isEqualTo("*");
    for (long t = after - Math.floorMod(after, 60) + 60; t < after + 9 * 86400L; t += 60) {
      var at = java.time.Instant.ofEpochSecond(t).atZone(java.time.ZoneOffset.UTC);
      if (cronField(f[0], at.getMinute())
          && cronField(f[1], at.getHour())
          && cronField(f[4], at.getDayOfWeek().getValue() % 7)) {
        return t;
      }
    }
    throw new AssertionError("no time for " + cron);
  }

  private static boolean cronField(String field, int value) {
    for (String part : field.split(",")) {
      if (part.equals("*")) {
        return true;
      }
      String[] range = part.split("-");
      int from = Integer.parseInt(range[0]);
      int to = range.length == 2 ? Integer.parseInt(range[1]) : from;
      if (value >= from && value <= to) {
        return true;
      }
    }
    return false;
  }

  @Test
  void cronNextReadsTheScheduleItIsGiven() {
    long saturdayNoon = 1795867200L; // Sat 2026-11-28 12:00:00 UTC
    assertThat(cronNext("0 1 * * 0", saturdayNoon)).isEqualTo(saturdayNoon + 13 * 3600);
    assertThat(cronNext("0 1 * * 1-6", saturdayNoon)).isEqualTo(saturdayNoon + 37 * 3600);
    assertThat(cronNext("30 1 * * 0", saturdayNoon)).isEqualTo(saturdayNoon + 13 * 3600 + 1800);
  }

  /**
   * Compose has no timer and no CronJob: deploy/backup/backup-schedule.sh loops on its own next-due
   * computation. At many fixed clocks (over two weeks, and on and around the 01:00 boundaries) its
   * answer for every job must be what systemd computes from the timers' OnCalendar and what the
   * CronJobs' schedules say: change any of the three and this fails.
   */
  @Test
  void theComposeLoopIsDueWhenTheTimersAndTheCronJobsAre() throws Exception {
    Map<String, String> units = units();
    String full = onCalendar(units.get("day2-pg-backup-full.timer"));
    String diff = onCalendar(units.get("day2-pg-backup-diff.timer"));
    String redis = onCalendar(units.get("day2-redis-backup.timer"));
    Manifests m = Kustomize.overlay("dev");
    String fullCron =
        m.find(CronJob.class, "platform", "postgres-backup-full")
            .orElseThrow()
            .getSpec()
            .getSchedule();
    String diffCron =
        m.find(CronJob.class, "platform", "postgres-backup-diff")
            .orElseThrow()
            .getSpec()
            .getSchedule();

    long sunday1am = 1795914000L; // Sun 2026-11-29 01:00:00 UTC
    List<Long> clocks = new ArrayList<>();
    for (long t = sunday1am - 3 * 86400; t < sunday1am + 14 * 86400; t += 7 * 3600 + 13 * 60 + 7) {
      clocks.add(t);
    }
    clocks.addAll(
        List.of(
            sunday1am - 1,
            sunday1am,
            sunday1am + 1,
            sunday1am + 86400 - 1,
            sunday1am + 86400,
            sunday1am + 6 * 86400,
            sunday1am + 7 * 86400 - 1));
    String script = Kustomize.HOME.resolve("deploy/backup/backup-schedule.sh").toString();
    for (long clock : clocks) {
      Map<String, Long> loop = new LinkedHashMap<>();
      for (String line : run(List.of(script, "next", Long.toString(clock))).strip().split("\n")) {
        String[] jobAt = line.split(" ");
        loop.put(jobAt[0], Long.parseLong(jobAt[1]));
      }
      List<Long> systemd = new ArrayList<>();
      String out =
          run(List.of("systemd-analyze", "calendar", "--base-time=@" + clock, full, diff, redis));
      for (String line : out.lines().filter(l -> l.contains("Next elapse:")).toList()) {
        String at = line.substring(line.indexOf(':') + 1).strip(); // "Sun 2026-11-29 01:00:00 UTC"
        systemd.add(
            java.time.LocalDateTime.parse(
                    at.substring(4, 23),
                    java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"))
                .toEpochSecond(java.time.ZoneOffset.UTC));
      }
      String when = "at " + java.time.Instant.ofEpochSecond(clock);
      assertThat(loop.keySet()).as(when).containsExactly("pg-full", "pg-diff", "redis");
      assertThat(systemd).as(when + " systemd: " + out).hasSize(3);
      assertThat(loop.get("pg-full")).as(when + " full: loop vs timer").isEqualTo(systemd.get(0));
      assertThat(loop.get("pg-diff")).as(when + " diff: loop vs timer").isEqualTo(systemd.get(1));
      assertThat(loop.get("redis")).as(when + " redis: loop vs timer").isEqualTo(systemd.get(2));
      assertThat(loop.get("pg-full"))
          .as(when + " full: loop vs CronJob")
          .isEqualTo(cronNext(fullCron, clock));
      assertThat(loop.get("pg-diff"))
          .as(when + " diff: loop vs CronJob")
          .isEqualTo(cronNext(diffCron, clock));
    }
    assertThat(clocks).hasSizeGreaterThan(50);
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
