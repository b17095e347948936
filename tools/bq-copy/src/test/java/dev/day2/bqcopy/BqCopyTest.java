package dev.day2.bqcopy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * bq-copy end to end with the real google-cloud-bigquery client. BigQuery cannot run here, so the
 * client talks to {@link FakeBigQuery}, a local fake of its REST API.
 */
class BqCopyTest {
  static final String SOURCE = "carto-demo-data.demo_tilesets.osm_buildings";
  static final String TARGET = "day2-data.tilesets.osm_buildings";

  FakeBigQuery fake;

  record Run(int code, String out, String err) {}

  @BeforeEach
  void start() {
    fake = new FakeBigQuery();
    fake.addTileset(SOURCE, "US", 53);
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--endpoint", fake.endpoint(), "--poll", "PT0.01S"));
    int code =
        BqCopy.run(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            all.toArray(String[]::new));
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void dryRunPrintsThePlanAndChangesNothing() {
    fake.addDataset("day2-data", "tilesets", "US");
    Run run = run("--target", TARGET, "--dry-run");
    assertThat(run.code()).isZero();
    assertThat(run.out())
        .contains("plan (dry run):")
        .contains("  3. copy job " + SOURCE + " -> " + TARGET + " (WRITE_TRUNCATE)")
        .contains("source  " + SOURCE + " (US, 53 rows")
        .contains("target  " + TARGET + " (new table)")
        .contains("RANGE_BUCKET(carto_partition, 0..4000 step 1)")
        .contains("clustering z, x, y")
        .contains("labels {carto_tileset=c8d4f36f88dfe297}")
        .contains("dry run: nothing was changed");
    assertThat(fake.copyJobs).isEmpty();
    assertThat(fake.tables).doesNotContainKey(TARGET);
  }

  @Test
  void copiesIntoANewDatasetKeepingEverythingAndVerifies() {
    Run run = run("--target", TARGET, "--create-dataset");
    assertThat(run.err()).isEmpty();
    assertThat(run.code()).isZero();
    assertThat(run.out())
        .contains("created dataset day2-data.tilesets in US")
        .containsPattern("copy job bq_copy_\\w+: RUNNING")
        .containsPattern("copy job bq_copy_\\w+: DONE")
        .contains("verified: 53 rows");
    var copy = fake.tables.get(TARGET).resource();
    var source = fake.tables.get(SOURCE).resource();
    for (String kept :
        List.of("schema", "rangePartitioning", "clustering", "description", "labels")) {
      assertThat(copy.get(kept)).as(kept).isEqualTo(source.get(kept));
    }
    assertThat(
            fake.copyJobs
                .getFirst()
                .path("configuration")
                .path("copy")
                .path("writeDisposition")
                .asText())
        .isEqualTo("WRITE_TRUNCATE");
  }

  @Test
  void ifChangedSkipsAnIdenticalCopy() {
    assertThat(run("--target", TARGET, "--create-dataset").code()).isZero();
    Run again = run("--target", TARGET, "--if-changed");
    assertThat(again.code()).isZero();
    assertThat(again.out()).contains("unchanged: " + TARGET + " already equals " + SOURCE);
    assertThat(fake.copyJobs).hasSize(1);
  }

  @Test
  void ifChangedCopiesWhenTheSourceChanged() {
    assertThat(run("--target", TARGET, "--create-dataset").code()).isZero();
    fake.addTileset(SOURCE, "US", 54);
    Run again = run("--target", TARGET, "--if-changed");
    assertThat(again.code()).isZero();
    assertThat(again.out()).contains("verified: 54 rows");
    assertThat(fake.copyJobs).hasSize(2);
  }

  @Test
  void snapshotModeAsksForASnapshotJob() {
    Run run = run("--target", TARGET, "--create-dataset", "--mode", "snapshot");
    assertThat(run.code()).isZero();
    assertThat(
            fake.copyJobs
                .getFirst()
                .path("configuration")
                .path("copy")
                .path("operationType")
                .asText())
        .isEqualTo("SNAPSHOT");
  }

  @Test
  void snapshotIntoAnExistingTableIsRefused() {
    assertThat(run("--target", TARGET, "--create-dataset").code()).isZero();
    Run run = run("--target", TARGET, "--mode", "clone");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "bq-copy: target "
                + TARGET
                + " exists; a clone needs a new table name (or use --mode copy)\n");
  }

  @Test
  void mismatchAfterTheCopyExits4() {
    fake.dropARowWhenCopying = true;
    Run run = run("--target", TARGET, "--create-dataset");
    assertThat(run.code()).isEqualTo(4);
    assertThat(run.err())
        .startsWith("bq-copy: verification failed: content (source Fingerprint[rows=53");
  }

  @Test
  void missingDatasetNeedsTheFlag() {
    Run run = run("--target", TARGET);
    assertThat(run.code()).isEqualTo(3);
    assertThat(run.err())
        .isEqualTo(
            "bq-copy: target dataset day2-data.tilesets does not exist; add --create-dataset to create it\n");
  }

  @Test
  void missingSourceIsOneLine() {
    Run run = run("--source", "carto-demo-data.demo_tilesets.nothing", "--target", TARGET);
    assertThat(run.code()).isEqualTo(3);
    assertThat(run.err())
        .isEqualTo("bq-copy: source table carto-demo-data.demo_tilesets.nothing not found\n");
  }

  @Test
  void permissionDeniedIsOneLine() {
    fake.denied.put(SOURCE, 403);
    Run run = run("--target", TARGET);
    assertThat(run.code()).isEqualTo(3);
    assertThat(run.err())
        .startsWith("bq-copy: permission denied while reading " + SOURCE)
        .hasLineCount(1);
  }

  @Test
  void missingCredentialsAreOneLine() {
    fake.denied.put(SOURCE, 401);
    Run run = run("--target", TARGET);
    assertThat(run.code()).isEqualTo(3);
    assertThat(run.err())
        .startsWith("bq-copy: not authenticated while reading " + SOURCE)
        .contains("GOOGLE_APPLICATION_CREDENTIALS")
        .hasLineCount(1);
  }

  @Test
  void locationMismatchIsRefusedBeforeAnyJob() {
    fake.addDataset("day2-data", "tilesets", "EU");
    Run run = run("--target", TARGET);
    assertThat(run.code()).isEqualTo(3);
    assertThat(run.err())
        .startsWith("bq-copy: location mismatch: source is in US, target dataset is in EU");
    assertThat(fake.copyJobs).isEmpty();
  }

  @Test
  void badTableNamesAreUsageErrors() {
    Run run = run("--target", "not-a-table");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo("bq-copy: --target must be project.dataset.table, got 'not-a-table'\n");
    assertThat(run("--dry-run").code()).isEqualTo(2);
  }
}
