package dev.day2.infra;

import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;

/**
 * The application secrets the overlays' ExternalSecrets read that belong to no data store (those
 * are made beside their store, in {@link DataStack}, so rotation can reach them).
 */
public final class SecretsStack extends Stack {
  private final Key key;

  SecretsStack(Construct scope, String id, EnvConfig config) {
    super(
        scope,
        id,
        StackProps.builder()
            .description("Day2 " + config.name() + ": application secrets (day2/*)")
            .terminationProtection(config.isProd())
            .build());
    key =
        Key.Builder.create(this, "Key")
            .alias("day2/secrets")
            .description("Day2 " + config.name() + " application secrets")
            .enableKeyRotation(true)
            .build();

    Secrets.noRotation(
        Secrets.generated(this, "WrpiApi", "day2/wrpi-api", key, "APP_PASSWORD", 32),
        "wrpi-api's clients send this password (HTTP Basic); rotating it means telling every"
            + " client, so it is rotated by hand (README, Secrets), not on a schedule.");
    Secrets.noRotation(
        Secrets.generated(this, "Grafana", "day2/grafana", key, "GRAFANA_ADMIN_PASSWORD", 32),
        "Grafana reads its admin password only on first start of its database; no AWS rotation"
            + " function can change it inside Grafana.");
    Secrets.fixed(
        this,
        "AlertmanagerSlack",
        "day2/alertmanager-slack",
        key,
        Map.of(
            "slack-pager-url", "https://hooks.slack.com/services/SET-ME",
            "slack-tickets-url", "https://hooks.slack.com/services/SET-ME"));
    Secrets.fixed(
        this,
        "TilesGcp",
        "day2/tiles-gcp",
        key,
        Map.of("credentials.json", GcpFederation.credentialConfig(config)));
  }

  /** The key of the secrets here; the External Secrets Operator's role may decrypt with it. */
  public IKey key() {
    return key;
  }
}
