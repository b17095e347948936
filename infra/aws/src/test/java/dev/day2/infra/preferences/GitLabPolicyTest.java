package dev.day2.infra.preferences;

import static org.assertj.core.api.Assertions.assertThat;

import dev.day2.infra.preferences.GitLabPipeline.Call;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/**
 * The GitLab deploy policy is exactly what .gitlab-ci.yml does: every AWS CLI call of every job is
 * mapped to the IAM actions it needs on the resources it names, and the generated policy must allow
 * each and grant nothing else. Change the pipeline and this fails until the policy follows (and the
 * reverse). Both identities (the IAM user and the OIDC role) carry that one policy only.
 */
class GitLabPolicyTest {
  static final Path PIPELINE = PreferencesSynth.HOME.resolve(".gitlab-ci.yml");

  /** What the pipeline's variables name (the stack's outputs say which value each gets). */
  static final Map<String, String> VARIABLES =
      Map.of(
          "$PREFERENCES_API_FUNCTION", "api",
          "$PREFERENCES_MIGRATE_FUNCTION", "migration",
          "$ARTIFACT_BUCKET", "artifacts");

  /** IAM action → resource, both symbolic ("api", "api:*", "artifacts/preferences/*"). */
  record Grant(String action, String resource) implements Comparable<Grant> {
    @Override
    public int compareTo(Grant other) {
      return toString().compareTo(other.toString());
    }
  }

  /** The grants one CLI call needs; fails on a call nobody has mapped yet. */
  static List<Grant> needs(Call call, Map<String, String> exports) {
    String what = call.service() + " " + call.command();
    List<Grant> grants = new ArrayList<>();
    switch (what) {
      case "sts get-caller-identity" -> {} // allowed to every identity; needs no permission
      case "s3 cp" -> {
        String target = call.words().get(3);
        assertThat(target).as(call.toString()).startsWith("s3://$ARTIFACT_BUCKET/");
        grants.add(new Grant("s3:PutObject", archive(target.substring(22), exports, call)));
      }
      case "lambda update-function-code" -> {
        String function = function(call);
        grants.add(new Grant("lambda:UpdateFunctionCode", function));
        if (call.option("--s3-key") != null) {
          assertThat(call.option("--s3-bucket")).isEqualTo("$ARTIFACT_BUCKET");
          // Lambda fetches the object with the caller's credentials
          grants.add(new Grant("s3:GetObject", archive(call.option("--s3-key"), exports, call)));
        }
        if (call.has("--publish")) {
          grants.add(new Grant("lambda:PublishVersion", function));
        }
      }
      case "lambda wait" -> {
        assertThat(call.words().get(2)).as(call.toString()).isEqualTo("function-updated-v2");
        String function = function(call); // the waiter polls GetFunction
        grants.add(
            new Grant("lambda:GetFunction", call.has("--qualifier") ? function + ":*" : function));
      }
      case "lambda update-alias" -> {
        assertThat(call.option("--name")).as(call.toString()).isEqualTo("live");
        grants.add(new Grant("lambda:UpdateAlias", function(call)));
      }
      case "lambda invoke" -> {
        assertThat(call.has("--qualifier")).as(call.toString()).isFalse();
        grants.add(new Grant("lambda:InvokeFunction", function(call)));
      }
      default ->
          throw new AssertionError(
              "unmapped AWS call (map it here and grant it in GitLabDeployIdentity): " + call);
    }
    return grants;
  }

  private static String function(Call call) {
    String name = call.option("--function-name");
    assertThat(VARIABLES).as(call.toString()).containsKey(name);
    return VARIABLES.get(name);
  }

  private static String archive(String key, Map<String, String> exports, Call call) {
    String expanded = key.startsWith("$") ? exports.getOrDefault(key.substring(1), key) : key;
    assertThat(expanded).as("the S3 key of " + call).startsWith(PreferencesBuckets.ARTIFACT_PREFIX);
    return "artifacts/" + PreferencesBuckets.ARTIFACT_PREFIX + "*";
  }

  static Set<Grant> pipelineNeeds() throws Exception {
    Map<String, Map<String, Object>> jobs = GitLabPipeline.jobs(PIPELINE);
    Set<Grant> needed = new TreeSet<>();
    for (Call call : GitLabPipeline.awsCalls(PIPELINE)) {
      needed.addAll(needs(call, GitLabPipeline.exports(jobs.get(call.job()))));
    }
    return needed;
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void thePolicyAllowsEveryPipelineCallAndNothingElse(String env) throws Exception {
    List<Call> calls = GitLabPipeline.awsCalls(PIPELINE);
    assertThat(calls)
        .as("the parser found the pipeline's AWS calls")
        .hasSizeGreaterThanOrEqualTo(7);
    Set<Grant> needed = pipelineNeeds();
    assertThat(granted(env)).isEqualTo(needed);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void noWildcardNoCloudFormationNoIam(String env) {
    for (Map<String, Object> statement : statements(env)) {
      assertThat(statement.get("Effect")).isEqualTo("Allow");
      for (String action : list(statement.get("Action"))) {
        assertThat(action)
            .doesNotContain("*")
            .doesNotStartWith("iam:")
            .doesNotStartWith("cloudformation:")
            .doesNotStartWith("sts:");
      }
      for (Object resource : listOf(statement.get("Resource"))) {
        assertThat(resource).isNotEqualTo("*");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void theUserAndTheRoleCarryOnlyThatPolicyAndNoKeyIsCreated(String env) {
    Template template = PreferencesSynth.template(env);
    GitLabDeployIdentity identity = identity(env);
    Stack stack = PreferencesSynth.stack(env);
    String policyId = stack.getLogicalId((CfnElement) identity.policy.getNode().getDefaultChild());
    Map<String, Object> user =
        properties(template, "AWS::IAM::User", stack, identity.user.getNode().getDefaultChild());
    assertThat(user.get("ManagedPolicyArns")).isEqualTo(List.of(Map.of("Ref", policyId)));
    assertThat(user).doesNotContainKey("Policies").doesNotContainKey("LoginProfile");
    Map<String, Object> role =
        properties(template, "AWS::IAM::Role", stack, identity.role.getNode().getDefaultChild());
    assertThat(role.get("ManagedPolicyArns")).isEqualTo(List.of(Map.of("Ref", policyId)));
    assertThat(role).doesNotContainKey("Policies");
    assertThat(template.findResources("AWS::IAM::AccessKey")).isEmpty();
    assertThat(template.toJSON().toString()).doesNotContain("SecretAccessKey");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void theOidcRoleTrustsOnlyThisProjectsProtectedRefs(String env) {
    Template template = PreferencesSynth.template(env);
    GitLabDeployIdentity identity = identity(env);
    Stack stack = PreferencesSynth.stack(env);
    Map<String, Object> role =
        properties(template, "AWS::IAM::Role", stack, identity.role.getNode().getDefaultChild());
    String trust = role.get("AssumeRolePolicyDocument").toString();
    PreferencesSettings settings = stack instanceof PreferencesStack p ? p.settings() : null;
    assertThat(trust)
        .contains("sts:AssumeRoleWithWebIdentity")
        .contains("gitlab.com:aud=sts.amazonaws.com");
    String expectedRefs =
        env.equals("prod") ? "ref_type:tag:ref:preferences-v*" : "ref_type:branch:ref:main";
    assertThat(trust)
        .contains("gitlab.com:sub")
        .contains("project_path:" + settings.gitLabProjectPath() + ":" + expectedRefs)
        .doesNotContain("ref_type:*")
        .doesNotContain(":ref:*");
    assertThat(((Number) role.get("MaxSessionDuration")).intValue()).isEqualTo(3600);
  }

  // ---- reading the generated policy ----------------------------------------------------------

  private static GitLabDeployIdentity identity(String env) {
    return (GitLabDeployIdentity) PreferencesSynth.stack(env).getNode().findChild("GitLab");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> statements(String env) {
    Stack stack = PreferencesSynth.stack(env);
    Map<String, Object> policy =
        properties(
            PreferencesSynth.template(env),
            "AWS::IAM::ManagedPolicy",
            stack,
            identity(env).policy.getNode().getDefaultChild());
    return (List<Map<String, Object>>)
        ((Map<String, Object>) policy.get("PolicyDocument")).get("Statement");
  }

  /** The policy's grants, resources named symbolically after this stack's resources. */
  static Set<Grant> granted(String env) {
    PreferencesStack stack = PreferencesSynth.stack(env);
    PreferencesFunctions functions = (PreferencesFunctions) stack.getNode().findChild("Functions");
    PreferencesBuckets buckets = (PreferencesBuckets) stack.getNode().findChild("Buckets");
    Map<String, String> names =
        Map.of(
            id(stack, functions.api.getNode().getDefaultChild()), "api",
            id(stack, functions.migration.getNode().getDefaultChild()), "migration",
            id(stack, buckets.artifacts.getNode().getDefaultChild()), "artifacts");
    Set<Grant> grants = new TreeSet<>();
    for (Map<String, Object> statement : statements(env)) {
      for (String action : list(statement.get("Action"))) {
        for (Object resource : listOf(statement.get("Resource"))) {
          grants.add(new Grant(action, symbolic(resource, names)));
        }
      }
    }
    return grants;
  }

  @SuppressWarnings("unchecked")
  private static String symbolic(Object value, Map<String, String> names) {
    if (value instanceof String s) {
      return s;
    }
    Map<String, Object> intrinsic = (Map<String, Object>) value;
    if (intrinsic.containsKey("Fn::GetAtt")) {
      String logicalId = String.valueOf(((List<Object>) intrinsic.get("Fn::GetAtt")).get(0));
      return names.getOrDefault(logicalId, "?" + logicalId);
    }
    if (intrinsic.containsKey("Ref")) {
      String logicalId = String.valueOf(intrinsic.get("Ref"));
      return names.getOrDefault(logicalId, "?" + logicalId);
    }
    if (intrinsic.containsKey("Fn::Join")) {
      List<Object> join = (List<Object>) intrinsic.get("Fn::Join");
      StringBuilder out = new StringBuilder();
      for (Object part : (List<Object>) join.get(1)) {
        out.append(symbolic(part, names));
      }
      return out.toString();
    }
    throw new AssertionError("unexpected resource expression " + value);
  }

  private static String id(Stack stack, Object defaultChild) {
    return stack.getLogicalId((CfnElement) defaultChild);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> properties(
      Template template, String type, Stack stack, Object defaultChild) {
    Map<String, Map<String, Object>> all =
        (Map<String, Map<String, Object>>) (Map<?, ?>) template.findResources(type);
    Map<String, Object> resource = all.get(id(stack, defaultChild));
    assertThat(resource).as(type + " " + id(stack, defaultChild)).isNotNull();
    return (Map<String, Object>) resource.get("Properties");
  }

  private static List<String> list(Object value) {
    return listOf(value).stream().map(String::valueOf).toList();
  }

  private static List<Object> listOf(Object value) {
    return value instanceof List<?> l ? new ArrayList<>(l) : List.of(value);
  }
}
