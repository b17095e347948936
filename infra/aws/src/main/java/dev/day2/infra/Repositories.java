package dev.day2.infra;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ecr.CfnReplicationConfiguration;
import software.amazon.awscdk.services.ecr.LifecycleRule;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecr.TagMutability;
import software.amazon.awscdk.services.ecr.TagStatus;
import software.amazon.awscdk.services.iam.AccountPrincipal;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * One ECR repository per image ({@link Contract#IMAGES}): tags are immutable (a release names a tag
 * once; deploys pin digests anyway), images are scanned on push, untagged layers expire. The next
 * environment's account may pull, so promotion copies the very same digest. Where the environment
 * has a {@code backupCopyRegion} (prod), every push is replicated there.
 */
final class Repositories extends Construct {
  private final List<Repository> repositories = new ArrayList<>();

  Repositories(Construct scope, String id, EnvConfig config, String promotedToAccount) {
    super(scope, id);
    for (String image : Contract.IMAGES) {
      Repository repository =
          Repository.Builder.create(this, image)
              .repositoryName(Contract.PREFIX + image)
              .imageTagMutability(TagMutability.IMMUTABLE)
              .imageScanOnPush(true)
              .lifecycleRules(
                  List.of(
                      LifecycleRule.builder()
                          .rulePriority(1)
                          .description("untagged layers of failed pushes")
                          .tagStatus(TagStatus.UNTAGGED)
                          .maxImageAge(Duration.days(7))
                          .build(),
                      LifecycleRule.builder()
                          .rulePriority(2)
                          .description("keep the last 100 releases (rollback window)")
                          .tagStatus(TagStatus.ANY)
                          .maxImageCount(100)
                          .build()))
              .removalPolicy(config.isProd() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
              .emptyOnDelete(!config.isProd())
              .build();
      if (promotedToAccount != null) {
        repository.addToResourcePolicy(
            PolicyStatement.Builder.create()
                .sid("PromotionPull")
                .principals(List.of(new AccountPrincipal(promotedToAccount)))
                .actions(
                    List.of(
                        "ecr:BatchCheckLayerAvailability",
                        "ecr:BatchGetImage",
                        "ecr:GetDownloadUrlForLayer"))
                .build());
      }
      software.amazon.awscdk.Tags.of(repository)
          .add(Contract.TEAM_TAG, Contract.IMAGE_TEAMS.get(image));
      repositories.add(repository);
    }
    if (!config.backupCopyRegion().isEmpty()) {
      replicate(config);
    }
  }

  /**
   * Every push to a {@code day2/} repository is copied by ECR to the same account's registry in
   * {@code backupCopyRegion}, digest unchanged, so the region-loss plan can deploy the last release
   * there by the digests its release files already pin (ADR 0124). The registry creates the copies'
   * repositories itself, with {@link BackupCopyStack}'s creation template. ECR replicates only what
   * is pushed after this rule exists.
   */
  private void replicate(EnvConfig config) {
    CfnReplicationConfiguration.Builder.create(this, "Replication")
        .replicationConfiguration(
            CfnReplicationConfiguration.ReplicationConfigurationProperty.builder()
                .rules(
                    List.of(
                        CfnReplicationConfiguration.ReplicationRuleProperty.builder()
                            .destinations(
                                List.of(
                                    CfnReplicationConfiguration.ReplicationDestinationProperty
                                        .builder()
                                        .region(config.backupCopyRegion())
                                        .registryId(config.account())
                                        .build()))
                            .repositoryFilters(
                                List.of(
                                    CfnReplicationConfiguration.RepositoryFilterProperty.builder()
                                        .filter(Contract.PREFIX)
                                        .filterType("PREFIX_MATCH")
                                        .build()))
                            .build()))
                .build())
        .build();
  }

  List<Repository> all() {
    return repositories;
  }
}
