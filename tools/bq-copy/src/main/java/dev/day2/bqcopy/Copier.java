package dev.day2.bqcopy;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.CopyJobConfiguration;
import com.google.cloud.bigquery.Dataset;
import com.google.cloud.bigquery.DatasetId;
import com.google.cloud.bigquery.DatasetInfo;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobId;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.JobStatus;
import com.google.cloud.bigquery.Table;
import com.google.cloud.bigquery.TableDefinition;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/** Plans, runs and verifies one copy. Every step prints one line; problems end in a Failure. */
final class Copier {
  enum Mode {
    COPY,
    SNAPSHOT,
    CLONE
  }

  record Request(
      TableRef source,
      TableRef target,
      Mode mode,
      boolean createDataset,
      boolean dryRun,
      boolean ifChanged,
      boolean verify) {}

  private final Supplier<BigQuery> client;
  private final PrintStream out;
  private final Duration poll;
  private BigQuery bigQuery;

  /** {@code client} is called after the steps are printed: a dry run shows them even offline. */
  Copier(Supplier<BigQuery> client, PrintStream out, Duration poll) {
    this.client = client;
    this.out = out;
    this.poll = poll;
  }

  void run(Request r) {
    printSteps(r);
    bigQuery = client.get();
    Table sourceTable = call(() -> bigQuery.getTable(r.source().id()), "reading " + r.source());
    if (sourceTable == null) {
      throw new Failure(Failure.ACCESS, "source table " + r.source() + " not found");
    }
    Snapshot source = Snapshot.of(sourceTable);
    if (source.type() != TableDefinition.Type.TABLE) {
      throw new Failure(
          Failure.ACCESS, "source " + r.source() + " is a " + source.type() + "; only tables copy");
    }
    DatasetId datasetId = DatasetId.of(r.target().project(), r.target().dataset());
    Dataset dataset = call(() -> bigQuery.getDataset(datasetId), "reading dataset " + datasetId);
    if (dataset == null && !r.createDataset()) {
      throw new Failure(
          Failure.ACCESS,
          "target dataset "
              + r.target().project()
              + "."
              + r.target().dataset()
              + " does not exist; add --create-dataset to create it");
    }
    if (dataset != null && !sameLocation(source.location(), dataset.getLocation())) {
      throw new Failure(
          Failure.ACCESS,
          "location mismatch: source is in "
              + source.location()
              + ", target dataset is in "
              + dataset.getLocation()
              + " (copies stay within one location)");
    }
    Table existing =
        dataset == null
            ? null
            : call(() -> bigQuery.getTable(r.target().id()), "reading " + r.target());
    printPlan(r, source, dataset == null, existing != null);
    if (r.ifChanged() && existing != null && identical(r, source, Snapshot.of(existing))) {
      out.println("unchanged: " + r.target() + " already equals " + r.source() + "; nothing to do");
      return;
    }
    if (existing != null && r.mode() != Mode.COPY) {
      throw new Failure(
          Failure.USAGE,
          "target "
              + r.target()
              + " exists; a "
              + r.mode().name().toLowerCase()
              + " needs a new table name (or use --mode copy)");
    }
    if (r.dryRun()) {
      out.println("dry run: nothing was changed");
      return;
    }
    if (dataset == null) {
      call(
          () ->
              bigQuery.create(
                  DatasetInfo.newBuilder(datasetId).setLocation(source.location()).build()),
          "creating dataset " + datasetId);
      out.println(
          "created dataset "
              + datasetId.getProject()
              + "."
              + datasetId.getDataset()
              + " in "
              + source.location());
    }
    copy(r, source);
    Table copied = call(() -> bigQuery.getTable(r.target().id()), "reading " + r.target());
    // a copy job keeps schema, partitioning and clustering; description and labels are set here
    Table labelled =
        call(
            () ->
                copied.toBuilder()
                    .setDescription(source.description())
                    .setLabels(source.labels())
                    .build()
                    .update(),
            "setting description and labels on " + r.target());
    if (r.verify()) {
      verify(r, source, Snapshot.of(labelled));
    }
  }

  private void copy(Request r, Snapshot source) {
    CopyJobConfiguration.Builder config =
        CopyJobConfiguration.newBuilder(r.target().id(), r.source().id())
            .setOperationType(r.mode().name())
            .setCreateDisposition(JobInfo.CreateDisposition.CREATE_IF_NEEDED);
    if (r.mode() == Mode.COPY) {
      config.setWriteDisposition(JobInfo.WriteDisposition.WRITE_TRUNCATE);
    }
    JobId jobId =
        JobId.newBuilder()
            .setJob("bq_copy_" + UUID.randomUUID().toString().replace('-', '_'))
            .setLocation(source.location())
            .setProject(r.target().project())
            .build();
    Job job =
        call(() -> bigQuery.create(JobInfo.of(jobId, config.build())), "starting the copy job");
    long started = System.nanoTime();
    while (job != null && job.getStatus().getState() != JobStatus.State.DONE) {
      out.printf(
          "copy job %s: %s (%ds)%n",
          jobId.getJob(),
          job.getStatus().getState(),
          Duration.ofNanos(System.nanoTime() - started).toSeconds());
      sleep();
      Job current = job;
      job = call(current::reload, "polling the copy job");
    }
    if (job == null) {
      throw new Failure(1, "copy job " + jobId.getJob() + " disappeared");
    }
    if (job.getStatus().getError() != null) {
      throw new Failure(
          1, "copy job " + jobId.getJob() + " failed: " + job.getStatus().getError().getMessage());
    }
    out.printf(
        "copy job %s: DONE (%ds)%n",
        jobId.getJob(), Duration.ofNanos(System.nanoTime() - started).toSeconds());
  }

  private boolean identical(Request r, Snapshot source, Snapshot target) {
    if (!source.differences(target).isEmpty()) {
      return false;
    }
    return Fingerprint.of(bigQuery, r.source(), source.location())
        .equals(Fingerprint.of(bigQuery, r.target(), target.location()));
  }

  private void verify(Request r, Snapshot source, Snapshot copy) {
    List<String> diffs = source.differences(copy);
    Fingerprint expected = Fingerprint.of(bigQuery, r.source(), source.location());
    Fingerprint actual = Fingerprint.of(bigQuery, r.target(), copy.location());
    if (!expected.equals(actual)) {
      diffs = new java.util.ArrayList<>(diffs);
      diffs.add("content (source " + expected + ", copy " + actual + ")");
    }
    if (!diffs.isEmpty()) {
      throw new Failure(Failure.MISMATCH, "verification failed: " + String.join("; ", diffs));
    }
    out.printf(
        "verified: %d rows, fingerprint %s, schema, partitioning, clustering, description and labels match%n",
        actual.rows(), actual.value());
  }

  /** The steps, printed before BigQuery is contacted, so a dry run shows them even offline. */
  private void printSteps(Request r) {
    out.println("plan" + (r.dryRun() ? " (dry run)" : "") + ":");
    out.println(
        "  1. read " + r.source() + ": schema, partitioning, clustering, description, labels");
    out.println(
        "  2. check dataset "
            + r.target().project()
            + "."
            + r.target().dataset()
            + (r.createDataset() ? " (create it when missing)" : " (must exist)")
            + " is in the source's location");
    out.println(
        "  3. "
            + (r.ifChanged() ? "skip if " + r.target() + " already equals the source, else " : "")
            + r.mode().name().toLowerCase()
            + " job "
            + r.source()
            + " -> "
            + r.target()
            + (r.mode() == Mode.COPY ? " (WRITE_TRUNCATE)" : " (new table)"));
    out.println("  4. set the source's description and labels on the copy");
    out.println(
        "  5. "
            + (r.verify()
                ? "verify row count and content fingerprint on both sides; exit 4 on mismatch"
                : "no verification (--no-verify)"));
  }

  private void printPlan(Request r, Snapshot source, boolean newDataset, boolean targetExists) {
    out.println("details:");
    out.printf(
        "  source  %s (%s, %s rows, %s bytes)%n",
        r.source(), source.location(), source.rows(), source.bytes());
    out.printf(
        "  target  %s (%s%s)%n",
        r.target(),
        targetExists ? "exists: will be replaced" : "new table",
        newDataset ? "; dataset will be created in " + source.location() : "");
    out.printf(
        "  mode    %s%s%n",
        r.mode().name().toLowerCase(),
        r.mode() == Mode.COPY
            ? " (copy job, WRITE_TRUNCATE)"
            : " (copy job, operationType " + r.mode() + ")");
    out.println("  keeps   " + source.describe());
    out.println(
        "  verify  "
            + (r.verify()
                ? "row count + content fingerprint on both sides"
                : "skipped (--no-verify)"));
  }

  private static boolean sameLocation(String a, String b) {
    return a == null || b == null || a.equalsIgnoreCase(b);
  }

  private void sleep() {
    try {
      Thread.sleep(poll);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Failure(1, "interrupted while waiting for the copy job");
    }
  }

  private static <T> T call(Supplier<T> action, String doing) {
    try {
      return action.get();
    } catch (BigQueryException e) {
      throw Errors.explain(e, doing);
    }
  }
}
