package dev.day2.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.iam.CfnOIDCProvider;
import software.amazon.awscdk.services.iam.FederatedPrincipal;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.constructs.Construct;

/**
 * GitHub Actions' OIDC provider and the roles the workflows assume, no stored keys. Each trust
 * names this repository and one GitHub Environment (or, for the read-only diff role, pull
 * requests), so another repository, branch or environment cannot assume it.
 *
 * <ul>
 *   <li>{@code day2-<env>-github-deploy} (delivery.yml, deploy.yml): push this environment's
 *       images, pull the previous environment's, find this environment's cluster (EKS access entry
 *       in {@link ClusterStack}).
 *   <li>{@code day2-<env>-github-infra} (infra.yml on main): assume the CDK bootstrap roles.
 *   <li>{@code day2-<env>-github-infra-diff} (infra.yml on pull requests): assume the bootstrap's
 *       read-only lookup role.
 * </ul>
 */
final class GithubIdentities extends Construct {
  static final String ISSUER = "token.actions.githubusercontent.com";
  static final String BOOTSTRAP_QUALIFIER = "hnb659fds";

  private final Role deploy;

  GithubIdentities(Construct scope, String id, EnvConfig config, EnvConfig previous) {
    super(scope, id);
    CfnOIDCProvider provider =
        CfnOIDCProvider.Builder.create(this, "Provider")
            .url("https://" + ISSUER)
            .clientIdList(List.of("sts.amazonaws.com"))
            .build();
    String providerArn = provider.getAttrArn();
    String repo = "repo:" + config.githubRepository() + ":";

    deploy =
        role(
            "Deploy",
            Contract.deployRoleName(config.name()),
            providerArn,
            repo + "environment:" + config.name(),
            "Push " + config.name() + "'s images and deploy to its cluster (GitHub Actions)",
            deployStatements(config, previous));
    NagSuppressions.addResourceSuppressions(
        deploy,
        List.of(
            NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .appliesTo(List.of("Resource::*"))
                .reason(
                    "ecr:GetAuthorizationToken has no resource-level permissions; it is the only"
                        + " action granted on *.")
                .build()));

    String bootstrap = "arn:aws:iam::" + config.account() + ":role/cdk-" + BOOTSTRAP_QUALIFIER;
    String suffix = "-" + config.account() + "-" + config.region();
    role(
        "Infra",
        Contract.infraRoleName(config.name()),
        providerArn,
        repo + "environment:" + config.name(),
        "cdk deploy " + config.name() + " from main (GitHub Actions)",
        List.of(
            PolicyStatement.Builder.create()
                .sid("AssumeCdkBootstrapRoles")
                .actions(List.of("sts:AssumeRole"))
                .resources(
                    List.of(
                        bootstrap + "-deploy-role" + suffix,
                        bootstrap + "-file-publishing-role" + suffix,
                        bootstrap + "-image-publishing-role" + suffix,
                        bootstrap + "-lookup-role" + suffix))
                .build()));
    role(
        "InfraDiff",
        Contract.infraDiffRoleName(config.name()),
        providerArn,
        repo + "pull_request",
        "cdk diff " + config.name() + " for pull requests (GitHub Actions), read-only",
        List.of(
            PolicyStatement.Builder.create()
                .sid("AssumeCdkLookupRole")
                .actions(List.of("sts:AssumeRole"))
                .resources(List.of(bootstrap + "-lookup-role" + suffix))
                .build()));
  }

  private Role role(
      String id,
      String name,
      String providerArn,
      String subject,
      String description,
      List<PolicyStatement> statements) {
    return Role.Builder.create(this, id)
        .roleName(name)
        .description(description)
        .assumedBy(
            new FederatedPrincipal(
                providerArn,
                Map.of(
                    "StringEquals",
                    Map.of(ISSUER + ":aud", "sts.amazonaws.com", ISSUER + ":sub", subject)),
                "sts:AssumeRoleWithWebIdentity"))
        .inlinePolicies(
            Map.of("Permissions", PolicyDocument.Builder.create().statements(statements).build()))
        .build();
  }

  static List<PolicyStatement> deployStatements(EnvConfig config, EnvConfig previous) {
    List<String> own = repositoryArns(config);
    var statements =
        new java.util.ArrayList<>(
            List.of(
                PolicyStatement.Builder.create()
                    .sid("EcrLogin")
                    .actions(List.of("ecr:GetAuthorizationToken"))
                    .resources(List.of("*"))
                    .build(),
                PolicyStatement.Builder.create()
                    .sid("PushAndPullOwnImages")
                    .actions(
                        List.of(
                            "ecr:BatchCheckLayerAvailability",
                            "ecr:BatchGetImage",
                            "ecr:CompleteLayerUpload",
                            "ecr:DescribeImages",
                            "ecr:GetDownloadUrlForLayer",
                            "ecr:InitiateLayerUpload",
                            "ecr:PutImage",
                            "ecr:UploadLayerPart"))
                    .resources(own)
                    .build(),
                PolicyStatement.Builder.create()
                    .sid("FindOwnCluster")
                    .actions(List.of("eks:DescribeCluster"))
                    .resources(
                        List.of(
                            "arn:aws:eks:"
                                + config.region()
                                + ":"
                                + config.account()
                                + ":cluster/"
                                + Contract.clusterName(config.name())))
                    .build()));
    if (previous != null) {
      statements.add(
          PolicyStatement.Builder.create()
              .sid("PullPromotedImages")
              .actions(
                  List.of(
                      "ecr:BatchCheckLayerAvailability",
                      "ecr:BatchGetImage",
                      "ecr:GetDownloadUrlForLayer"))
              .resources(repositoryArns(previous))
              .build());
    }
    return statements;
  }

  static List<String> repositoryArns(EnvConfig config) {
    return Contract.IMAGES.stream()
        .map(image ->
            "arn:aws:ecr:"
                + config.region()
                + ":"
                + config.account()
                + ":repository/"
                + Contract.PREFIX
                + image)
        .toList();
  }

  Role deploy() {
    return deploy;
  }
}
