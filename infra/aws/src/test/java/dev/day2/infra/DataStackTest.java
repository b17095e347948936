package dev.day2.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class DataStackTest {

  private static Template data(String env) {
    return Template.fromStack(Synth.stage(env).data());
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void redisRequiresTlsAndAuthAndIsEncryptedAtRest(String env) {
    data(env)
        .hasResourceProperties(
            "AWS::ElastiCache::ReplicationGroup",
            Map.of(
                "Engine",
                "redis",
                "TransitEncryptionEnabled",
                true,
                "TransitEncryptionMode",
                "required",
                "AtRestEncryptionEnabled",
                true,
                "KmsKeyId",
                Match.anyValue(),
                "AuthToken",
                Match.anyValue(),
                "Port",
                6379));
  }

  @Test
  void prodRedisFailsOverAcrossZones() {
    data("prod")
        .hasResourceProperties(
            "AWS::ElastiCache::ReplicationGroup",
            Map.of(
                "MultiAZEnabled",
                true,
                "AutomaticFailoverEnabled",
                true,
                "ReplicasPerNodeGroup",
                2,
                "SnapshotRetentionLimit",
                35));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void postgresIsTheVersionsFileMajorEncryptedWithBackupsAndPerformanceInsights(String env) {
    data(env)
        .hasResourceProperties(
            "AWS::RDS::DBInstance",
            Map.of(
                "Engine",
                "postgres",
                "EngineVersion",
                Versions.postgresMajor(),
                "StorageEncrypted",
                true,
                "EnablePerformanceInsights",
                true,
                "BackupRetentionPeriod",
                Match.anyValue(),
                "DBSubnetGroupName",
                Match.anyValue()));
  }

  @Test
  void prodPostgresIsMultiAzAndProtected() {
    Template prod = data("prod");
    prod.hasResourceProperties(
        "AWS::RDS::DBInstance",
        Map.of("MultiAZ", true, "DeletionProtection", true, "BackupRetentionPeriod", 35));
    prod.hasResource("AWS::RDS::DBInstance", Map.of("DeletionPolicy", "Retain"));
  }

  @Test
  void devPostgresIsSingleAzAndDisposable() {
    data("dev")
        .hasResourceProperties(
            "AWS::RDS::DBInstance", Map.of("MultiAZ", false, "DeletionProtection", false));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void privateNamesPointAtTheStores(String env) {
    Template t = data(env);
    t.hasResourceProperties(
        "AWS::Route53::HostedZone", Map.of("Name", Contract.PRIVATE_ZONE + "."));
    for (String host : List.of(Contract.REDIS_HOST, Contract.POSTGRES_HOST)) {
      t.hasResourceProperties(
          "AWS::Route53::RecordSet", Map.of("Name", host + ".", "Type", "CNAME"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void everyDatabaseLoginIsRotated(String env) {
    // master (single user) + preferences, tiles, monitor (multi user)
    data(env).resourceCountIs("AWS::SecretsManager::RotationSchedule", 4);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void storesAdmitOnlyThePrivateSubnets(String env) {
    Template t = data(env);
    t.findResources("AWS::EC2::SecurityGroup")
        .values()
        .forEach(sg ->
            assertThat(String.valueOf(properties(sg).get("SecurityGroupIngress")))
                .as("no ingress from anywhere")
                .doesNotContain("0.0.0.0/0"));
    t.findResources("AWS::EC2::SecurityGroupIngress")
        .values()
        .forEach(rule ->
            assertThat(String.valueOf(properties(rule).get("CidrIp")))
                .as("no ingress from anywhere")
                .isNotEqualTo("0.0.0.0/0"));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> properties(Object resource) {
    return (Map<String, Object>)
        ((Map<String, Object>) resource).getOrDefault("Properties", Map.of());
  }
}
