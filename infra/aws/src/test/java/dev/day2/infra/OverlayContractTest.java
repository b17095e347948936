package dev.day2.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/**
 * The staging and prod overlays against what this app creates in the same environment: every secret
 * and key an ExternalSecret reads, the service accounts that get AWS or GCP identities, every image
 * repository, every public host name, the private store names, the VPC range and the BigQuery table
 * tiles reads. If either side changes alone, this fails.
 */
class OverlayContractTest {

  @ParameterizedTest
  @ValueSource(strings = {"staging", "prod"})
  @SuppressWarnings("unchecked")
  void everyExternalSecretReadsASecretAndKeyThatCdkCreates(String env) {
    Set<String> created = new HashSet<>();
    for (Stack stack : stacks(env)) {
      Template.fromStack(stack)
          .findResources("AWS::SecretsManager::Secret")
          .values()
          .forEach(r -> created.add(String.valueOf(DataStackTest.properties(r).get("Name"))));
    }
    List<String> refs = new ArrayList<>();
    for (JsonNode es : Overlays.ofKind(env, "ExternalSecret")) {
      for (JsonNode data : es.path("spec").path("data")) {
        String key = data.path("remoteRef").path("key").asText();
        String property = data.path("remoteRef").path("property").asText();
        refs.add(key + "." + property);
        assertThat(created).as(es.path("metadata").path("name") + " reads " + key).contains(key);
        assertThat(Contract.SECRETS.get(key))
            .as(key + " has the key " + property)
            .contains(property);
      }
      assertThat(es.path("spec").path("dataFrom").isMissingNode()).isTrue();
    }
    assertThat(refs).isNotEmpty();
  }

  /**
   * The dead man's switch (ADR 0135): where the overlay runs the heartbeat CronJob, it puts the
   * metric the alarm watches, in this environment's region, as the service account Pod Identity
   * binds; where it does not (dev), there is no alarm to fire for ever.
   */
  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void theHeartbeatPutsTheMetricTheAlarmWatches(String env) {
    List<JsonNode> heartbeats =
        Overlays.ofKind(env, "CronJob").stream()
            .filter(c -> c.path("metadata").path("name").asText().equals("heartbeat"))
            .toList();
    boolean alarmed =
        Template.fromStack(Synth.stage(env).operations())
            .findResources("AWS::CloudWatch::Alarm")
            .values()
            .stream()
            .anyMatch(a -> String.valueOf(a).contains(Contract.HEARTBEAT_METRIC));
    assertThat(alarmed).as("%s: heartbeat alarm", env).isEqualTo(!heartbeats.isEmpty());
    assertThat(Contract.HEARTBEAT_ENVIRONMENTS.contains(env)).isEqualTo(!heartbeats.isEmpty());
    if (heartbeats.isEmpty()) {
      return;
    }
    JsonNode pod = heartbeats.get(0).path("spec").path("jobTemplate").path("spec").path("template");
    JsonNode beat = pod.path("spec").path("containers").get(0);
    List<String> args = new ArrayList<>();
    beat.path("args").forEach(a -> args.add(a.asText()));
    assertThat(String.join(" ", args))
        .contains("cloudwatch put-metric-data")
        .contains("--namespace " + Contract.HEARTBEAT_NAMESPACE + " ")
        .contains("--metric-name " + Contract.HEARTBEAT_METRIC + " ");
    Map<String, String> envVars = new java.util.HashMap<>();
    beat.path("env").forEach(e -> envVars.put(e.path("name").asText(), e.path("value").asText()));
    assertThat(envVars).containsEntry("AWS_REGION", Synth.stage(env).config().region());
    assertThat(
            heartbeats.get(0).path("metadata").path("namespace").asText()
                + "/"
                + pod.path("spec").path("serviceAccountName").asText())
        .isEqualTo(Contract.HEARTBEAT.namespace() + "/" + Contract.HEARTBEAT.name());
    assertThat(podIdentityBindings(env))
        .contains(Contract.HEARTBEAT.namespace() + "/" + Contract.HEARTBEAT.name());
    JsonNode policy =
        Overlays.ofKind(env, "NetworkPolicy").stream()
            .filter(p -> p.path("metadata").path("name").asText().equals("heartbeat"))
            .findFirst()
            .orElseThrow();
    assertThat(policy.findValuesAsText("cidr")).contains(Contract.POD_IDENTITY_AGENT_CIDR);
  }

  @ParameterizedTest
  @ValueSource(strings = {"staging", "prod"})
  void secretStoreUsesTheOperatorsPodIdentityRoleInTheRightRegion(String env) {
    JsonNode store = Overlays.ofKind(env, "ClusterSecretStore").get(0);
    JsonNode aws = store.path("spec").path("provider").path("aws");
    assertThat(aws.path("region").asText()).isEqualTo(Synth.stage(env).config().region());
    // No auth block: the controller's own credentials, i.e. the Pod Identity role of its service
    // account. auth.jwt would ask STS through an IRSA annotation that Pod Identity never sets.
    assertThat(aws.path("auth").isMissingNode()).as("%s", aws).isTrue();
    assertThat(podIdentityBindings(env))
        .contains(Contract.EXTERNAL_SECRETS.namespace() + "/" + Contract.EXTERNAL_SECRETS.name());
  }

  @ParameterizedTest
  @ValueSource(strings = {"staging", "prod"})
  void everyDay2ImageHasAnEcrRepository(String env) {
    Set<String> repositories = new TreeSet<>();
    Template.fromStack(Synth.stage(env).registry())
        .findResources("AWS::ECR::Repository")
        .values()
        .forEach(r ->
            repositories.add(String.valueOf(DataStackTest.properties(r).get("RepositoryName"))));
    Set<String> images = new TreeSet<>();
    for (JsonNode object : Overlays.render(env)) {
      object
          .findValues("image")
          .forEach(image -> {
            String ref = image.asText();
            if (ref.startsWith("registry.day2.example/")) {
              images.add(ref.substring(ref.indexOf('/') + 1).replaceAll("[:@].*", ""));
            }
          });
    }
    assertThat(images).isNotEmpty();
    assertThat(repositories).containsAll(images);
  }

  @ParameterizedTest
  @ValueSource(strings = {"staging", "prod"})
  void everyPublicHostNameIsInTheEnvironmentsZone(String env) {
    String zone = Synth.stage(env).config().zoneName();
    Template.fromStack(Synth.stage(env).cluster())
        .hasResourceProperties("AWS::Route53::HostedZone", Map.of("Name", zone + "."));
    List<String> names = new ArrayList<>();
    for (JsonNode cert : Overlays.ofKind(env, "Certificate")) {
      cert.path("spec").path("dnsNames").forEach(n -> names.add(n.asText()));
    }
    for (JsonNode svc : Overlays.ofKind(env, "Service")) {
      String hosts =
          svc.path("metadata")
              .path("annotations")
              .path("external-dns.alpha.kubernetes.io/hostname")
              .asText("");
      for (String host : hosts.split(",")) {
        if (!host.isBlank()) {
          names.add(host.strip());
        }
      }
    }
    for (JsonNode ingress : Overlays.ofKind(env, "Ingress")) {
      ingress.path("spec").path("rules").forEach(r -> names.add(r.path("host").asText()));
    }
    assertThat(names).isNotEmpty();
    assertThat(names)
        .allSatisfy(n -> assertThat(n.equals(zone) || n.endsWith("." + zone)).as(n).isTrue());
    // cert-manager solves DNS-01 in that zone with its Pod Identity role
    JsonNode issuer = Overlays.ofKind(env, "ClusterIssuer").get(0);
    assertThat(issuer.toString()).contains(zone, "route53");
    assertThat(podIdentityBindings(env))
        .contains(
            Contract.CERT_MANAGER.namespace() + "/" + Contract.CERT_MANAGER.name(),
            Contract.EXTERNAL_DNS.namespace() + "/" + Contract.EXTERNAL_DNS.name());
  }

  @ParameterizedTest
  @ValueSource(strings = {"staging", "prod"})
  void storesAreReachedByTheNamesAndRangeCdkCreates(String env) {
    Set<String> hosts = new TreeSet<>();
    for (JsonNode cm : Overlays.ofKind(env, "ConfigMap")) {
      for (String key : List.of("REDIS_HOST", "DB_HOST")) {
        if (cm.path("data").has(key)) {
          hosts.add(cm.path("data").path(key).asText());
        }
      }
    }
    assertThat(hosts).containsExactlyInAnyOrder(Contract.REDIS_HOST, Contract.POSTGRES_HOST);
    Template data = Template.fromStack(Synth.stage(env).data());
    for (String host : hosts) {
      data.hasResourceProperties("AWS::Route53::RecordSet", Map.of("Name", host + "."));
    }
    Template.fromStack(Synth.stage(env).network())
        .hasResourceProperties("AWS::EC2::VPC", Map.of("CidrBlock", Contract.VPC_CIDR));
    Set<String> ranges = new TreeSet<>();
    for (JsonNode np : Overlays.ofKind(env, "NetworkPolicy")) {
      np.findValues("cidr").forEach(c -> ranges.add(c.asText()));
    }
    ranges.remove("0.0.0.0/0");
    // The node's Pod Identity agent (link-local): pods with an AWS role under a default-deny
    // egress must reach it for their credentials (components/monitoring-aws' heartbeat).
    ranges.remove(Contract.POD_IDENTITY_AGENT_CIDR);
    ranges.removeIf(r -> r.contains(":"));
    assertThat(ranges).as("private ranges the policies open").containsOnly(Contract.VPC_CIDR);
  }

  @ParameterizedTest
  @ValueSource(strings = {"staging", "prod"})
  void redisClientsSpeakTlsToTheEndpointCdkPublishes(String env) {
    for (JsonNode cm : Overlays.ofKind(env, "ConfigMap")) {
      if (cm.path("data").has("REDIS_HOST")) {
        assertThat(cm.path("data").path("REDIS_TLS").asText())
            .as(cm.path("metadata").toString())
            .isEqualTo("true");
      }
    }
    int clients = 0;
    for (String kind : List.of("Deployment", "CronJob")) {
      for (JsonNode workload : Overlays.ofKind(env, kind)) {
        for (JsonNode env1 : workload.findValues("env")) {
          for (JsonNode var : env1) {
            if (var.path("name").asText().equals("REDIS_HOST")) {
              assertThat(var.path("valueFrom").path("secretKeyRef").path("name").asText())
                  .isEqualTo("redis-auth");
              clients++;
            }
          }
        }
      }
    }
    assertThat(clients).as("wrpi-api, wrpi-updater, counter").isEqualTo(3);
    String exporterSecret =
        Overlays.ofKind(env, "ExternalSecret").stream()
            .filter(es -> es.path("metadata").path("namespace").asText().equals("monitoring"))
            .filter(es -> es.path("metadata").path("name").asText().equals("redis-auth"))
            .findFirst()
            .orElseThrow()
            .toString();
    assertThat(exporterSecret).contains("rediss://", "day2/redis-endpoint");
  }

  @ParameterizedTest
  @ValueSource(strings = {"staging", "prod"})
  void tilesReadsTheEnvironmentsStableBigQueryCopyWithFederatedCredentials(String env) {
    EnvConfig config = Synth.stage(env).config();
    JsonNode tilesConfig =
        Overlays.ofKind(env, "ConfigMap").stream()
            .filter(cm -> cm.path("metadata").path("name").asText().startsWith("tiles-config"))
            .findFirst()
            .orElseThrow()
            .path("data");
    assertThat(tilesConfig.path("TILES_SOURCE").asText()).isEqualTo("bigquery");
    assertThat(tilesConfig.path("TILES_BIGQUERY_PROJECT").asText())
        .isEqualTo(config.tilesBigQueryProject());
    assertThat(tilesConfig.path("TILES_BIGQUERY_TABLES").asText())
        .isEqualTo(
            Contract.TILESET_ID
                + "="
                + config.tilesBigQueryProject()
                + "."
                + config.tilesBigQueryDataset()
                + "."
                + config.tilesBigQueryTable())
        .doesNotContain("carto-demo-data");
    JsonNode tiles =
        Overlays.ofKind(env, "Deployment").stream()
            .filter(d -> d.path("metadata").path("name").asText().equals("tiles"))
            .findFirst()
            .orElseThrow();
    assertThat(tiles.path("spec").path("template").path("spec").path("serviceAccountName").asText())
        .isEqualTo(Contract.TILES.name());
    assertThat(tiles.path("metadata").path("namespace").asText())
        .isEqualTo(Contract.TILES.namespace());
    String podSpec = tiles.toString();
    assertThat(podSpec)
        .contains("\"audience\":\"" + Contract.GCP_TOKEN_AUDIENCE + "\"")
        .contains("/var/run/secrets/tokens/gcp")
        .contains("tiles-gcp");
    assertThat(GcpFederation.credentialConfig(config))
        .contains(GcpFederation.TOKEN_FILE)
        .contains(config.tilesGcpProjectNumber());
    assertThat(GcpFederation.TOKEN_FILE).startsWith("/var/run/secrets/tokens/gcp/");
  }

  private static List<Stack> stacks(String env) {
    List<Stack> stacks = new ArrayList<>();
    Synth.stage(env)
        .getNode()
        .getChildren()
        .forEach(c -> {
          if (c instanceof Stack s) {
            stacks.add(s);
          }
        });
    return stacks;
  }

  private static Set<String> podIdentityBindings(String env) {
    Set<String> bound = new TreeSet<>();
    Template.fromStack(Synth.stage(env).cluster())
        .findResources("AWS::EKS::PodIdentityAssociation")
        .values()
        .forEach(a -> {
          var p = DataStackTest.properties(a);
          bound.add(p.get("Namespace") + "/" + p.get("ServiceAccount"));
        });
    return bound;
  }
}
