package dev.day2.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.assertions.Template;

class RegistryStackTest {

  private static Template registry(String env) {
    return Template.fromStack(Synth.stage(env).registry());
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void oneImmutableScannedRepositoryPerImage(String env) {
    Template t = registry(env);
    t.resourceCountIs("AWS::ECR::Repository", Contract.IMAGES.size());
    for (String image : Contract.IMAGES) {
      t.hasResourceProperties(
          "AWS::ECR::Repository",
          Map.of(
              "RepositoryName",
              "day2/" + image,
              "ImageTagMutability",
              "IMMUTABLE",
              "ImageScanningConfiguration",
              Map.of("ScanOnPush", true)));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void deployRoleTrustsOnlyThisRepositoryAndEnvironment(String env) {
    Map<String, Object> role = Iam.role(registry(env), "day2-" + env + "-github-deploy");
    assertThat(Iam.trust(role))
        .containsExactly(
            Map.of(
                "Action",
                "sts:AssumeRoleWithWebIdentity",
                "Effect",
                "Allow",
                "Principal",
                Map.of("Federated", Map.of("Fn::GetAtt", List.of(Iam.OIDC, "Arn"))),
                "Condition",
                Map.of(
                    "StringEquals",
                    Map.of(
                        "token.actions.githubusercontent.com:aud",
                        "sts.amazonaws.com",
                        "token.actions.githubusercontent.com:sub",
                        "repo:day2-dev/day2:environment:" + env))));
  }

  @Test
  void stagingDeployRoleMayPushOwnImagesPullDevsAndFindItsCluster() {
    Map<String, Object> role = Iam.role(registry("staging"), "day2-staging-github-deploy");
    String own = "arn:aws:ecr:eu-west-1:222222222222:repository/day2/";
    String dev = "arn:aws:ecr:eu-west-1:111111111111:repository/day2/";
    assertThat(Iam.statements(role))
        .containsExactly(
            Map.of(
                "Sid", "EcrLogin",
                "Effect", "Allow",
                "Action", "ecr:GetAuthorizationToken",
                "Resource", "*"),
            Map.of(
                "Sid",
                "PushAndPullOwnImages",
                "Effect",
                "Allow",
                "Action",
                List.of(
                    "ecr:BatchCheckLayerAvailability",
                    "ecr:BatchGetImage",
                    "ecr:CompleteLayerUpload",
                    "ecr:DescribeImages",
                    "ecr:GetDownloadUrlForLayer",
                    "ecr:InitiateLayerUpload",
                    "ecr:PutImage",
                    "ecr:UploadLayerPart"),
                "Resource",
                Contract.IMAGES.stream().map(i -> own + i).sorted().toList()),
            Map.of(
                "Sid", "FindOwnCluster",
                "Effect", "Allow",
                "Action", "eks:DescribeCluster",
                "Resource", "arn:aws:eks:eu-west-1:222222222222:cluster/day2-staging"),
            Map.of(
                "Sid",
                "PullPromotedImages",
                "Effect",
                "Allow",
                "Action",
                List.of(
                    "ecr:BatchCheckLayerAvailability",
                    "ecr:BatchGetImage",
                    "ecr:GetDownloadUrlForLayer"),
                "Resource",
                Contract.IMAGES.stream().map(i -> dev + i).sorted().toList()));
  }

  @Test
  void devDeployRolePullsFromNoOtherAccount() {
    Map<String, Object> role = Iam.role(registry("dev"), "day2-dev-github-deploy");
    assertThat(Iam.statements(role))
        .extracting(s -> s.get("Sid"))
        .containsExactly("EcrLogin", "PushAndPullOwnImages", "FindOwnCluster");
  }

  @Test
  void infraRolesMayOnlyAssumeTheCdkBootstrapRoles() {
    Template t = registry("prod");
    String prefix = "arn:aws:iam::333333333333:role/cdk-hnb659fds-";
    String suffix = "-333333333333-eu-west-1";
    Map<String, Object> infra = Iam.role(t, "day2-prod-github-infra");
    assertThat(Iam.statements(infra))
        .containsExactly(
            Map.of(
                "Sid", "AssumeCdkBootstrapRoles",
                "Effect", "Allow",
                "Action", "sts:AssumeRole",
                "Resource",
                    List.of(
                        prefix + "deploy-role" + suffix,
                        prefix + "file-publishing-role" + suffix,
                        prefix + "image-publishing-role" + suffix,
                        prefix + "lookup-role" + suffix)));
    Map<String, Object> diff = Iam.role(t, "day2-prod-github-infra-diff");
    assertThat(Iam.statements(diff))
        .containsExactly(
            Map.of(
                "Sid", "AssumeCdkLookupRole",
                "Effect", "Allow",
                "Action", "sts:AssumeRole",
                "Resource", prefix + "lookup-role" + suffix));
    assertThat(String.valueOf(Iam.trust(diff)))
        .contains("repo:day2-dev/day2:pull_request")
        .doesNotContain("environment");
  }

  @Test
  void devImagesMayBePulledByStagingOnly() {
    String policy = String.valueOf(registry("dev").findResources("AWS::ECR::Repository").values());
    assertThat(policy).contains("222222222222").doesNotContain("333333333333");
    assertThat(String.valueOf(registry("prod").findResources("AWS::ECR::Repository").values()))
        .doesNotContain("RepositoryPolicyText");
  }

  @Test
  void prodReplicatesEveryImageToTheCopyRegionOfItsOwnAccount() {
    registry("prod")
        .hasResourceProperties(
            "AWS::ECR::ReplicationConfiguration",
            Map.of(
                "ReplicationConfiguration",
                Map.of(
                    "Rules",
                    List.of(
                        Map.of(
                            "Destinations",
                            List.of(Map.of("Region", "eu-central-1", "RegistryId", "333333333333")),
                            "RepositoryFilters",
                            List.of(Map.of("Filter", "day2/", "FilterType", "PREFIX_MATCH")))))));
    registry("dev").resourceCountIs("AWS::ECR::ReplicationConfiguration", 0);
    registry("staging").resourceCountIs("AWS::ECR::ReplicationConfiguration", 0);
  }

  @Test
  @SuppressWarnings("unchecked")
  void replicatedRepositoriesKeepThePrimariesTagsAndLifecycle() throws Exception {
    Template copy = Template.fromStack(Synth.stage("prod").backupCopy());
    copy.resourceCountIs("AWS::ECR::RepositoryCreationTemplate", 1);
    Map<String, Object> template =
        (Map<String, Object>)
            copy.findResources("AWS::ECR::RepositoryCreationTemplate")
                .values()
                .iterator()
                .next()
                .get("Properties");
    assertThat(template)
        .containsEntry("Prefix", "day2")
        .containsEntry("AppliedFor", List.of("REPLICATION"))
        .containsEntry("ImageTagMutability", "IMMUTABLE");
    ObjectMapper json = new ObjectMapper();
    JsonNode replicas = json.readTree((String) template.get("LifecyclePolicy"));
    for (Map<String, Object> repository :
        registry("prod").findResources("AWS::ECR::Repository").values()) {
      Map<String, Object> properties = (Map<String, Object>) repository.get("Properties");
      Map<String, Object> lifecycle = (Map<String, Object>) properties.get("LifecyclePolicy");
      assertThat(replicas)
          .as("%s", properties.get("RepositoryName"))
          .isEqualTo(json.readTree((String) lifecycle.get("LifecyclePolicyText")));
    }
  }
}
