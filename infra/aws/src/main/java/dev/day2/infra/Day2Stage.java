package dev.day2.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stage;
import software.amazon.awscdk.StageProps;
import software.amazon.awscdk.Tags;
import software.constructs.Construct;

/**
 * One environment (dev, staging or prod): its stacks, one per concern. Stack names are {@code
 * <env>-<Concern>}, e.g. {@code prod-Network}; {@code cdk deploy 'prod/*'} deploys them in
 * dependency order.
 */
public final class Day2Stage extends Stage {
  private final EnvConfig config;
  private final NetworkStack network;
  private final SecretsStack secrets;
  private final DataStack data;
  private final OperationsStack operations;
  private final RegistryStack registry;
  private final ClusterStack cluster;
  private BackupCopyStack backupCopy;

  /**
   * @param previous the environment promoted from (dev: none), whose ECR this one pulls
   * @param next the environment promoted to (prod: none), which may pull from this one's ECR
   */
  public Day2Stage(Construct scope, EnvConfig config, EnvConfig previous, EnvConfig next) {
    super(scope, config.name(), StageProps.builder().env(config.awsEnvironment()).build());
    this.config = config;
    Tags.of(this).add("day2:environment", config.name());
    Tags.of(this).add("day2:managed-by", "infra/aws");

    network = new NetworkStack(this, "Network", config);
    secrets = new SecretsStack(this, "Secrets", config);
    operations = new OperationsStack(this, "Operations", config, network.vpc());
    if (!config.backupCopyRegion().isEmpty()) {
      backupCopy = new BackupCopyStack(this, "BackupCopy", config);
      operations.addDependency(backupCopy);
    }
    data = new DataStack(this, "Data", config, network.vpc(), operations.alarms().getTopicArn());
    registry = new RegistryStack(this, "Registry", config, previous, next);
    cluster =
        new ClusterStack(
            this,
            "Cluster",
            config,
            network.vpc(),
            registry.deployRole(),
            java.util.List.of(secrets.key(), data.key()));

    // ---- Other stacks are added here. -------------------------------------------------------
    // Each takes what it needs from the stacks above through their getters (network.vpc(), ...),
    // never by name or export. The preferences stack (issue 13, package dev.day2.infra.preferences)
    // goes here.
    new dev.day2.infra.preferences.PreferencesStack(this, "Preferences", config, network.vpc());
    // -------------------------------------------------------------------------------------------

    // Who pays for what (cost allocation): the platform team owns the shared stacks, the
    // preferences team its serverless stack; ECR repositories carry their image's team
    // (Repositories). The nearest tag wins, so those override the Registry stack's.
    Tags.of(this).add(Contract.TEAM_TAG, "platform");
    Tags.of(getNode().findChild("Preferences")).add(Contract.TEAM_TAG, "preferences");

    // cdk-nag's AwsSolutions pack on every stack of the stage; suppressions sit next to their
    // construct with a reason (NagSuppressions.addResourceSuppressions).
    Aspects.of(this).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
  }

  public EnvConfig config() {
    return config;
  }

  public NetworkStack network() {
    return network;
  }

  public SecretsStack secrets() {
    return secrets;
  }

  public DataStack data() {
    return data;
  }

  public OperationsStack operations() {
    return operations;
  }

  public RegistryStack registry() {
    return registry;
  }

  public ClusterStack cluster() {
    return cluster;
  }

  /** The second-region stack (prod), or null where backupCopyRegion is empty. */
  public BackupCopyStack backupCopy() {
    return backupCopy;
  }
}
