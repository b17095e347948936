package dev.day2.bqcopy;

import com.google.auth.Credentials;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bq-copy}: an exact, verified copy of a BigQuery table. */
@Command(
    name = "bq-copy",
    mixinStandardHelpOptions = true,
    version = "bq-copy 0.1.0",
    description = {
      "Copies a BigQuery table to project.dataset.table and verifies the copy.",
      "Keeps schema, partitioning, clustering, description and labels.",
      "Exit codes: 0 done or unchanged, 1 BigQuery failed, 2 usage, 3 access/not found/location,"
          + " 4 verification mismatch."
    })
public final class BqCopy implements Callable<Integer> {
  static final String DEFAULT_SOURCE = "carto-demo-data.demo_tilesets.osm_buildings";

  @Option(names = "--source", description = "table to copy (default: ${DEFAULT-VALUE})")
  String source = DEFAULT_SOURCE;

  @Option(names = "--target", required = true, description = "project.dataset.table to write")
  String target;

  @Option(
      names = "--mode",
      description =
          "copy (replace the target), snapshot or clone (new table): ${COMPLETION-CANDIDATES}")
  Copier.Mode mode = Copier.Mode.COPY;

  @Option(names = "--create-dataset", description = "create the target dataset when missing")
  boolean createDataset;

  @Option(names = "--dry-run", description = "print the plan and change nothing")
  boolean dryRun;

  @Option(names = "--if-changed", description = "skip when the target already equals the source")
  boolean ifChanged;

  @Option(
      names = "--verify",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "verify row count and content fingerprint (default: true; --no-verify skips)")
  boolean verify;

  @Option(
      names = "--project",
      description = "project that runs (and pays for) the jobs; default: the target's")
  String project;

  @Option(
      names = "--poll",
      description = "how often to report progress, e.g. PT1S (default: ${DEFAULT-VALUE})")
  Duration poll = Duration.ofSeconds(1);

  @Option(names = "--endpoint", hidden = true, description = "BigQuery API root (emulators, tests)")
  String endpoint;

  private final PrintStream out;
  private final PrintStream err;

  BqCopy(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(run(System.out, System.err, args));
  }

  static int run(PrintStream out, PrintStream err, String... args) {
    CommandLine cli = new CommandLine(new BqCopy(out, err));
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setOut(new java.io.PrintWriter(out, true));
    cli.setErr(new java.io.PrintWriter(err, true));
    return cli.execute(args);
  }

  @Override
  public Integer call() {
    try {
      TableRef from = TableRef.parse("--source", source);
      TableRef to = TableRef.parse("--target", target);
      String billing = project != null ? project : to.project();
      new Copier(() -> client(billing), out, poll)
          .run(new Copier.Request(from, to, mode, createDataset, dryRun, ifChanged, verify));
      return 0;
    } catch (Failure f) {
      err.println("bq-copy: " + f.getMessage());
      return f.exitCode;
    }
  }

  private BigQuery client(String billingProject) {
    BigQueryOptions.Builder options = BigQueryOptions.newBuilder().setProjectId(billingProject);
    if (endpoint != null) {
      return options
          .setHost(endpoint)
          .setCredentials(NoCredentials.getInstance())
          .build()
          .getService();
    }
    return options.setCredentials(credentials()).build().getService();
  }

  /**
   * Application Default Credentials: GOOGLE_APPLICATION_CREDENTIALS, gcloud, or workload identity.
   */
  static Credentials credentials() {
    try {
      return GoogleCredentials.getApplicationDefault();
    } catch (IOException e) {
      throw new Failure(
          Failure.ACCESS,
          "no credentials: set GOOGLE_APPLICATION_CREDENTIALS to a key file, run"
              + " `gcloud auth application-default login`, or run with a workload identity");
    }
  }
}
