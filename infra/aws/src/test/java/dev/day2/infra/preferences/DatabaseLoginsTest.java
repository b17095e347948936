package dev.day2.infra.preferences;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.assertions.Template;

/**
 * The two database logins and their rotation, wired as ADRs 0095 and 0096 say: the API function
 * reads only the least-privilege app login's secret, the migration function the master's (it owns
 * the schema) and the app login's (to create it); RDS Proxy accepts both; Secrets Manager rotates
 * both every 30 days. Template assertions on the synthesised stack of every environment.
 */
class DatabaseLoginsTest {
  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> resources(Template template, String type) {
    return (Map<String, Map<String, Object>>) (Map<?, ?>) template.findResources(type);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  private static Map<String, Object> props(Map<String, Object> resource) {
    return map(resource.get("Properties"));
  }

  private static Map<String, Object> env(Template template, String handlerPrefix) {
    return resources(template, "AWS::Lambda::Function").values().stream()
        .map(DatabaseLoginsTest::props)
        .filter(p -> String.valueOf(p.get("Handler")).startsWith(handlerPrefix))
        .map(p -> map(map(p.get("Environment")).get("Variables")))
        .findFirst()
        .orElseThrow();
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void theApiUsesTheAppLoginAndTheMigrationTheMaster(String env) {
    PreferencesStack stack = PreferencesSynth.stack(env);
    Template template = PreferencesSynth.template(env);
    PreferencesDatabase db = (PreferencesDatabase) stack.getNode().findChild("Database");
    Object app = stack.resolve(db.appSecret.getSecretArn());
    Object master = stack.resolve(db.instance.getSecret().getSecretArn());
    assertThat(app).isNotEqualTo(master);

    Map<String, Object> api = env(template, "io.quarkus");
    assertThat(api.get("DB_SECRET_ARN")).isEqualTo(app);
    assertThat(api).doesNotContainKey("APP_DB_SECRET_ARN");
    // the API re-reads its login per new connection through the extension's short cache
    assertThat(api)
        .containsEntry(
            "SECRETS_MANAGER_TTL", Integer.toString(PreferencesFunctions.SECRET_CACHE_SECONDS));
    Map<String, Object> migration = env(template, PreferencesFunctions.MIGRATION_HANDLER);
    assertThat(migration.get("DB_SECRET_ARN")).isEqualTo(master);
    assertThat(migration.get("APP_DB_SECRET_ARN")).isEqualTo(app);

    // the app secret names the app user; the multi-user rotation needs the master's ARN in it
    String appTemplate =
        resources(template, "AWS::SecretsManager::Secret").values().stream()
            .map(DatabaseLoginsTest::props)
            .map(
                p -> String.valueOf(map(p.get("GenerateSecretString")).get("SecretStringTemplate")))
            .filter(t -> t.contains(PreferencesDatabase.APP_USER))
            .findFirst()
            .orElseThrow();
    assertThat(appTemplate).contains("masterarn");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void theApiMayReadOnlyTheAppSecret(String env) {
    PreferencesStack stack = PreferencesSynth.stack(env);
    Template template = PreferencesSynth.template(env);
    PreferencesDatabase db = (PreferencesDatabase) stack.getNode().findChild("Database");
    PreferencesFunctions fns = (PreferencesFunctions) stack.getNode().findChild("Functions");
    Object app = stack.resolve(db.appSecret.getSecretArn());
    Object master = stack.resolve(db.instance.getSecret().getSecretArn());
    Object apiRole = stack.resolve(fns.api.getRole().getRoleName());
    Object migrationRole = stack.resolve(fns.migration.getRole().getRoleName());

    assertThat(secretResources(template, apiRole)).containsExactly(app);
    assertThat(secretResources(template, migrationRole)).containsExactlyInAnyOrder(master, app);
  }

  /** The Resource of every statement granting a secretsmanager action to {@code role}. */
  private static List<Object> secretResources(Template template, Object role) {
    List<Object> found = new ArrayList<>();
    for (Map<String, Object> policy : resources(template, "AWS::IAM::Policy").values()) {
      Map<String, Object> p = props(policy);
      if (!((List<?>) p.get("Roles")).contains(role)) {
        continue;
      }
      for (Object s : (List<?>) map(p.get("PolicyDocument")).get("Statement")) {
        Map<String, Object> statement = map(s);
        Object action = statement.get("Action");
        List<?> actions = action instanceof List<?> l ? l : List.of(action);
        if (actions.stream().anyMatch(a -> String.valueOf(a).startsWith("secretsmanager:"))) {
          Object resource = statement.get("Resource");
          if (resource instanceof List<?> many) {
            found.addAll(many);
          } else {
            found.add(resource);
          }
        }
      }
    }
    return found;
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void theProxyAcceptsBothLoginsFromSecretsManager(String env) {
    PreferencesStack stack = PreferencesSynth.stack(env);
    Template template = PreferencesSynth.template(env);
    PreferencesDatabase db = (PreferencesDatabase) stack.getNode().findChild("Database");
    Map<String, Object> proxy =
        props(resources(template, "AWS::RDS::DBProxy").values().iterator().next());
    List<Object> secrets = new ArrayList<>();
    for (Object auth : (List<?>) proxy.get("Auth")) {
      assertThat(map(auth)).containsEntry("AuthScheme", "SECRETS");
      secrets.add(map(auth).get("SecretArn"));
    }
    assertThat(secrets)
        .containsExactlyInAnyOrder(
            stack.resolve(db.instance.getSecret().getSecretArn()),
            stack.resolve(db.appSecret.getSecretArn()));
    assertThat(proxy).containsEntry("RequireTLS", true);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void bothSecretsRotateEveryThirtyDays(String env) {
    PreferencesStack stack = PreferencesSynth.stack(env);
    Template template = PreferencesSynth.template(env);
    PreferencesDatabase db = (PreferencesDatabase) stack.getNode().findChild("Database");
    Object app = stack.resolve(db.appSecret.getSecretArn());
    Object master = stack.resolve(db.instance.getSecret().getSecretArn());
    Map<Object, Map<String, Object>> schedules = new java.util.HashMap<>();
    for (Map<String, Object> r :
        resources(template, "AWS::SecretsManager::RotationSchedule").values()) {
      Map<String, Object> p = props(r);
      schedules.put(p.get("SecretId"), p);
      assertThat(map(p.get("RotationRules")))
          .containsEntry(
              "ScheduleExpression", "rate(" + PreferencesDatabase.ROTATION_DAYS + " days)");
      assertThat(p).containsKey("RotationLambdaARN");
    }
    assertThat(schedules).containsOnlyKeys(master, app);
    // the app login exists only once the first migration ran: never rotate it at deploy time
    assertThat(schedules.get(app)).containsEntry("RotateImmediatelyOnUpdate", false);
    // the rotation functions are the two AWS-published applications (single- and multi-user),
    // whose ids CDK looks up per partition in the template's mappings
    assertThat(resources(template, "AWS::Serverless::Application")).hasSize(2);
    assertThat(String.valueOf(template.toJSON().get("Mappings")))
        .contains("SecretsManagerRDSPostgreSQLRotationSingleUser")
        .contains("SecretsManagerRDSPostgreSQLRotationMultiUser");
    assertThat(Objects.requireNonNull(template.toJSON().get("Transform")).toString())
        .contains("AWS::Serverless");
  }
}
