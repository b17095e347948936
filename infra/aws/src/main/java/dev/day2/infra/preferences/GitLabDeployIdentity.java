package dev.day2.infra.preferences;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.OidcProviderNative;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.User;
import software.amazon.awscdk.services.iam.WebIdentityPrincipal;
import software.constructs.Construct;

/**
 * What the GitLab pipeline may do in this account, and two ways to be it (ADR 0066). The policy is
 * exactly the AWS CLI calls of .gitlab-ci.yml's migrate and deploy jobs, on exactly these resources
 * ({@code GitLabPolicyTest} parses the pipeline and proves it): upload the archive under {@code
 * preferences/}, update both functions' code, publish an API version and wait for it, move the
 * {@code live} alias, invoke the migration function. No CloudFormation, no IAM, no {@code *}.
 *
 * <ul>
 *   <li>{@link #user}: the IAM user the brief asks for. CDK creates no access key (it would land in
 *       the template or an output); an administrator issues one and stores it as masked, protected
 *       GitLab variables (infra/aws README § GitLab deploy identity).
 *   <li>{@link #role}: the better way, a role GitLab's OIDC tokens assume for an hour, trusted only
 *       for this project's main branch (dev, staging) or release tags (prod).
 * </ul>
 */
final class GitLabDeployIdentity extends Construct {
  final ManagedPolicy policy;
  final User user;
  final OidcProviderNative provider;
  final Role role;

  GitLabDeployIdentity(
      Construct scope,
      String id,
      String environment,
      PreferencesSettings settings,
      PreferencesBuckets buckets,
      PreferencesFunctions functions) {
    super(scope, id);
    String api = functions.api.getFunctionArn();
    String migration = functions.migration.getFunctionArn();
    String archives = buckets.artifacts.arnForObjects(PreferencesBuckets.ARTIFACT_PREFIX + "*");
    policy =
        ManagedPolicy.Builder.create(this, "Policy")
            .managedPolicyName("preferences-gitlab-deploy-" + environment)
            .description("What .gitlab-ci.yml's migrate and deploy jobs do, nothing else")
            .statements(
                List.of(
                    allow("UploadArchive", List.of("s3:PutObject"), List.of(archives)),
                    // update-function-code --s3-key: Lambda reads the object as the caller
                    allow("LambdaReadsArchive", List.of("s3:GetObject"), List.of(archives)),
                    allow(
                        "UpdateCode",
                        List.of("lambda:UpdateFunctionCode"),
                        List.of(api, migration)),
                    allow("PublishApiVersion", List.of("lambda:PublishVersion"), List.of(api)),
                    // wait function-updated-v2: the migration function unqualified, the API
                    // function's new version (--qualifier N: a version number unknown here)
                    allow(
                        "WaitForUpdates",
                        List.of("lambda:GetFunction"),
                        List.of(migration, api + ":*")),
                    allow("MoveLiveAlias", List.of("lambda:UpdateAlias"), List.of(api)),
                    allow("RunMigrations", List.of("lambda:InvokeFunction"), List.of(migration))))
            .build();

    user =
        User.Builder.create(this, "User")
            .userName("preferences-gitlab-deploy-" + environment)
            .managedPolicies(List.of(policy))
            .build();

    provider =
        OidcProviderNative.Builder.create(this, "GitLab")
            .url("https://" + PreferencesSettings.GITLAB)
            .clientIds(List.of("sts.amazonaws.com"))
            .build();
    List<String> subjects =
        settings.gitLabRefs().stream()
            .map(ref -> "project_path:" + settings.gitLabProjectPath() + ":" + ref)
            .toList();
    role =
        Role.Builder.create(this, "Role")
            .roleName("preferences-gitlab-deploy-" + environment)
            .description("GitLab CI (OIDC) deploying preferences; same policy as the IAM user")
            .maxSessionDuration(Duration.hours(1))
            .assumedBy(
                new WebIdentityPrincipal(
                    provider.getOidcProviderArn(),
                    Map.of(
                        "StringEquals",
                        Map.of(PreferencesSettings.GITLAB + ":aud", "sts.amazonaws.com"),
                        "StringLike",
                        Map.of(PreferencesSettings.GITLAB + ":sub", subjects))))
            .managedPolicies(List.of(policy))
            .build();
  }

  private static PolicyStatement allow(String sid, List<String> actions, List<String> resources) {
    return PolicyStatement.Builder.create()
        .sid(sid)
        .effect(Effect.ALLOW)
        .actions(actions)
        .resources(resources)
        .build();
  }
}
