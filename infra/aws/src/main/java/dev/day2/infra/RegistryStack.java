package dev.day2.infra;

import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.iam.IRole;
import software.constructs.Construct;

/** ECR repositories and the GitHub Actions identities that push to them and deploy. */
public final class RegistryStack extends Stack {
  private final GithubIdentities github;

  /**
   * @param previous the environment this one promotes from (its ECR is pulled), or null for dev
   * @param next the environment promoted to (its account may pull from here), or null for prod
   */
  RegistryStack(Construct scope, String id, EnvConfig config, EnvConfig previous, EnvConfig next) {
    super(
        scope,
        id,
        StackProps.builder()
            .description("Day2 " + config.name() + ": ECR repositories, GitHub OIDC roles")
            .terminationProtection(config.isProd())
            .build());
    new Repositories(this, "Repositories", config, next == null ? null : next.account());
    github = new GithubIdentities(this, "Github", config, previous);
  }

  /** The delivery workflow's role; the cluster grants it access (EKS access entry). */
  public IRole deployRole() {
    return github.deploy();
  }
}
