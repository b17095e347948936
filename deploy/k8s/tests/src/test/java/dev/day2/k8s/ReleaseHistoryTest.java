package dev.day2.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/**
 * The committed releases (ADR 0070): every overlay runs Day2's images by digest, as its release
 * file says; the file is the last entry of the environment's history.tsv (written together by
 * scripts/release.sh); and staging and prod only ever released digests the environment before them
 * had released first — promotion moves digests, it never builds.
 */
class ReleaseHistoryTest {
  /** The images a release pins: scripts/release.sh's SERVICES, the one list to extend. */
  static final List<String> SERVICES = releasedServices();

  static final String LOGICAL = "registry.day2.example/day2/";

  /** One line of history.tsv. */
  record Entry(int release, String releasedAt, String service, String digest) {}

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void releaseFilePinsEveryServiceByDigest(String env) {
    Map<String, String> pinned = pinned(env);

    assertThat(pinned.keySet()).containsExactlyInAnyOrderElementsOf(SERVICES);
    assertThat(pinned.values()).allMatch(d -> d.matches("sha256:[0-9a-f]{64}"), "sha256 digests");
  }

  @Test
  void aReleasePinsEveryImageTheBuildMakes() {
    // deploy/images/build.sh's ALL: what make images pushes; a job-only image (tileset-builder,
    // dev's seed Job) is released too, so no overlay runs an unpinned Day2 image (ADR 0092).
    var all =
        java.util.regex.Pattern.compile("(?m)^ALL=\\(([^)]*)\\)")
            .matcher(read(Kustomize.HOME.resolve("deploy/images/build.sh")));
    assertThat(all.find()).as("deploy/images/build.sh has an ALL=(...) line").isTrue();

    assertThat(SERVICES).containsExactlyInAnyOrder(all.group(1).trim().split("\\s+"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void everyDay2WorkloadRunsThePinnedDigest(String env) {
    Map<String, String> pinned = pinned(env);
    Manifests m = Kustomize.overlay(env);
    int day2Containers = 0;
    for (var w : m.workloads()) {
      for (var c : w.containers()) {
        String image = c.getImage();
        String repo = image.replaceFirst("[@:][^/]*$", "");
        String service = repo.substring(repo.lastIndexOf('/') + 1);
        if (pinned.containsKey(service) && repo.contains("/day2/")) {
          day2Containers++;
          assertThat(image).as(w.id()).endsWith("@" + pinned.get(service)).doesNotContain(":0.0.0");
        }
      }
    }
    assertThat(day2Containers).as("Day2 containers in " + env).isGreaterThanOrEqualTo(7);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void releaseFileIsTheLastReleaseOfItsHistory(String env) {
    List<Entry> history = history(env);
    int last = history.getLast().release();
    Map<String, String> lastRelease =
        history.stream()
            .filter(e -> e.release() == last)
            .collect(Collectors.toMap(Entry::service, Entry::digest));

    assertThat(lastRelease).isEqualTo(pinned(env));
    assertThat(history.stream().map(Entry::release).distinct().toList())
        .as("release numbers count up from 1")
        .isSorted()
        .startsWith(1);
  }

  @Test
  void stagingOnlyReleasedWhatDevReleasedBefore() {
    assertOnlyPromoted("dev", "staging");
  }

  @Test
  void prodOnlyReleasedWhatStagingReleasedBefore() {
    assertOnlyPromoted("staging", "prod");
  }

  private static void assertOnlyPromoted(String before, String env) {
    List<Entry> earlier = history(before);
    for (Entry e : history(env)) {
      assertThat(earlier)
          .as(
              "%s release %d pins %s@%s: %s must have released it first",
              env, e.release(), e.service(), e.digest(), before)
          .anyMatch(b ->
              b.service().equals(e.service())
                  && b.digest().equals(e.digest())
                  && b.releasedAt().compareTo(e.releasedAt()) <= 0);
    }
  }

  /** service → digest, from overlays/ENV/release/kustomization.yaml. */
  @SuppressWarnings("unchecked")
  static Map<String, String> pinned(String env) {
    Map<String, Object> doc = new Yaml().load(read(release(env).resolve("kustomization.yaml")));
    Map<String, String> pinned = new LinkedHashMap<>();
    for (Map<String, Object> image : (List<Map<String, Object>>) doc.get("images")) {
      String name = (String) image.get("name");
      assertThat(name).as("release images are named as the base manifests").startsWith(LOGICAL);
      pinned.put(name.substring(LOGICAL.length()), (String) image.get("digest"));
    }
    return pinned;
  }

  static List<Entry> history(String env) {
    List<Entry> entries =
        read(release(env).resolve("history.tsv"))
            .lines()
            .filter(l -> !l.startsWith("#") && !l.isBlank())
            .map(l -> l.split("\t"))
            .map(f -> new Entry(Integer.parseInt(f[0]), f[1], f[4], f[5]))
            .toList();
    assertThat(entries).as(env + " history").isNotEmpty();
    return entries;
  }

  private static List<String> releasedServices() {
    var line =
        java.util.regex.Pattern.compile("(?m)^SERVICES=\\(([^)]*)\\)")
            .matcher(read(Kustomize.HOME.resolve("scripts/release.sh")));
    assertThat(line.find()).as("scripts/release.sh has a SERVICES=(...) line").isTrue();
    return List.of(line.group(1).trim().split("\\s+"));
  }

  private static Path release(String env) {
    return Kustomize.K8S.resolve("overlays").resolve(env).resolve("release");
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new AssertionError("cannot read " + file, e);
    }
  }
}
