package dev.day2.infra.preferences;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.assertions.Template;

/**
 * reserved concurrency × pool size (+ the migration) ≤ max_connections × the proxy's share: the
 * arithmetic of infra/aws README § preferences, checked on the numbers the template really carries,
 * so a change to any one of them that breaks the budget fails here.
 */
class ConnectionBudgetTest {
  @SuppressWarnings("unchecked")
  private static Map<String, Object> props(Template template, String type, String handler) {
    return ((Map<String, Map<String, Object>>) (Map<?, ?>) template.findResources(type))
        .values().stream()
            .map(r -> (Map<String, Object>) r.get("Properties"))
            .filter(p -> handler == null || String.valueOf(p.get("Handler")).equals(handler))
            .findFirst()
            .orElseThrow();
  }

  private static int number(Object value) {
    return Integer.parseInt(String.valueOf(value));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  @SuppressWarnings("unchecked")
  void everyConnectionTheFunctionsCanOpenFitsTheProxysBudget(String env) {
    Template template = PreferencesSynth.template(env);
    Map<String, Object> api =
        props(template, "AWS::Lambda::Function", PreferencesFunctions.API_HANDLER);
    Map<String, Object> migration =
        props(template, "AWS::Lambda::Function", PreferencesFunctions.MIGRATION_HANDLER);
    int concurrency = number(api.get("ReservedConcurrentExecutions"));
    int pool =
        number(
            ((Map<String, Object>) ((Map<String, Object>) api.get("Environment")).get("Variables"))
                .get("DB_POOL_MAX_SIZE"));
    int migrations = number(migration.get("ReservedConcurrentExecutions"));
    int maxConnections =
        number(
            ((Map<String, Object>)
                    props(template, "AWS::RDS::DBParameterGroup", null).get("Parameters"))
                .get("max_connections"));
    Map<String, Object> pooling =
        (Map<String, Object>)
            props(template, "AWS::RDS::DBProxyTargetGroup", null)
                .get("ConnectionPoolConfigurationInfo");
    int percent = number(pooling.get("MaxConnectionsPercent"));

    int needed = concurrency * pool + migrations * PreferencesSettings.MIGRATION_POOL_SIZE;
    int budget = maxConnections * percent / 100;
    assertThat(needed)
        .as("%d × %d + %d × 2 ≤ %d × %d%%", concurrency, pool, migrations, maxConnections, percent)
        .isLessThanOrEqualTo(budget);
    PreferencesSettings settings = PreferencesSynth.stack(env).settings();
    assertThat(needed).isEqualTo(settings.connectionsNeeded());
    assertThat(budget).isEqualTo(settings.connectionBudget());
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void thePoolIsTheLambdaDefaultAndHeadroomIsLeftForAdministrators(String env) {
    PreferencesSettings settings = PreferencesSynth.stack(env).settings();
    assertThat(settings.apiPoolSize()).isEqualTo(2); // lambda/application.properties
    assertThat(settings.proxyMaxConnectionsPercent()).isLessThanOrEqualTo(90);
  }
}
