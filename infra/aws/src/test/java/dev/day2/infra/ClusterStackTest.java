package dev.day2.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class ClusterStackTest {

  private static Template cluster(String env) {
    return Template.fromStack(Synth.stage(env).cluster());
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void pinnedEncryptedLoggedClusterWithAccessEntriesOnly(String env) {
    cluster(env)
        .hasResourceProperties(
            "AWS::EKS::Cluster",
            Map.of(
                "Name",
                "day2-" + env,
                "Version",
                Synth.stage(env).config().kubernetesVersion(),
                "EncryptionConfig",
                Match.anyValue(),
                "Logging",
                Map.of(
                    "ClusterLogging",
                    Map.of(
                        "EnabledTypes",
                        List.of(
                            Map.of("Type", "api"),
                            Map.of("Type", "audit"),
                            Map.of("Type", "authenticator"),
                            Map.of("Type", "controllerManager"),
                            Map.of("Type", "scheduler"))))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  @SuppressWarnings("unchecked")
  void oneNodeGroupPerZone(String env) {
    Template t = cluster(env);
    var groups = t.findResources("AWS::EKS::Nodegroup").values();
    assertThat(groups).hasSize(3);
    var subnets =
        groups.stream()
            .map(g -> (List<Object>) DataStackTest.properties(g).get("Subnets"))
            .peek(s -> assertThat(s).as("each group in exactly one zone's subnet").hasSize(1))
            .map(s -> String.valueOf(s.get(0)))
            .collect(Collectors.toSet());
    assertThat(subnets).as("three different zones").hasSize(3);
  }

  @Test
  void prodNodeGroupsScaleFromOneToFiveEach() {
    cluster("prod")
        .hasResourceProperties(
            "AWS::EKS::Nodegroup",
            Map.of(
                "ScalingConfig", Map.of("MinSize", 1, "DesiredSize", 2, "MaxSize", 5),
                "InstanceTypes", List.of("m6i.xlarge"),
                "AmiType", "AL2023_x86_64_STANDARD"));
  }

  /** An update of a node group never overrides the PodDisruptionBudgets (ForceUpdateEnabled). */
  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void nodeGroupUpdatesRespectPodDisruptionBudgets(String env) {
    var groups = cluster(env).findResources("AWS::EKS::Nodegroup").values();
    assertThat(groups).isNotEmpty();
    for (var group : groups) {
      assertThat(DataStackTest.properties(group)).containsEntry("ForceUpdateEnabled", false);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void addonsTheOverlaysAssume(String env) {
    Template t = cluster(env);
    for (String addon :
        List.of("eks-pod-identity-agent", "metrics-server", "cert-manager", "external-dns")) {
      t.hasResourceProperties("AWS::EKS::Addon", Map.of("AddonName", addon));
    }
    String charts = String.valueOf(t.findResources("Custom::AWSCDK-EKS-HelmChart"));
    assertThat(charts)
        .contains("external-secrets", "cluster-autoscaler")
        .contains("aws-load-balancer-controller");
  }

  /** Each chart at the version its environment's helmCharts pins, so a chart can soak first. */
  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  @SuppressWarnings("unchecked")
  void everyHelmChartIsPinnedToItsEnvironmentsVersion(String env) {
    var charts = cluster(env).findResources("Custom::AWSCDK-EKS-HelmChart").values();
    var pinned = new java.util.TreeMap<String, Object>();
    for (var chart : charts) {
      Map<String, Object> properties = DataStackTest.properties(chart);
      if (EnvConfig.HELM_CHARTS.contains(String.valueOf(properties.get("Chart")))) {
        pinned.put(String.valueOf(properties.get("Chart")), properties.get("Version"));
      }
    }
    assertThat(pinned).isEqualTo(new java.util.TreeMap<>(Synth.stage(env).config().helmCharts()));
  }

  /** A chart moved in dev alone is installed at that version in dev (the soak before prod). */
  @Test
  @SuppressWarnings("unchecked")
  void aChartMovedInOneEnvironmentIsInstalledThere() {
    Map<String, Object> context =
        new java.util.HashMap<>(CdkJson.context(java.nio.file.Path.of("cdk.json")));
    Map<String, Object> envs =
        new java.util.HashMap<>((Map<String, Object>) context.get(EnvConfig.CONTEXT_KEY));
    Map<String, Object> dev = new java.util.HashMap<>((Map<String, Object>) envs.get("dev"));
    Map<String, Object> charts =
        new java.util.HashMap<>((Map<String, Object>) dev.get("helmCharts"));
    charts.put("external-secrets", "0.20.0");
    dev.put("helmCharts", charts);
    envs.put("dev", dev);
    context.put(EnvConfig.CONTEXT_KEY, envs);
    context.put("env", "dev");
    Day2Stage stage =
        Day2App.build(
                new software.amazon.awscdk.App(
                    software.amazon.awscdk.AppProps.builder()
                        .context(context)
                        .outdir("target/cdk.out-chart")
                        .build()))
            .get("dev");
    Template.fromStack(stage.cluster())
        .hasResourceProperties(
            "Custom::AWSCDK-EKS-HelmChart",
            Map.of("Chart", "external-secrets", "Version", "0.20.0"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void everyEksAddonIsPinnedToTheVersionInCdkJson(String env) {
    Template t = cluster(env);
    var addons = t.findResources("AWS::EKS::Addon").values();
    var pinned = new java.util.TreeMap<String, Object>();
    for (Object addon : addons) {
      var p = DataStackTest.properties(addon);
      assertThat(p.get("AddonVersion")).as("AddonVersion of %s", p.get("AddonName")).isNotNull();
      pinned.put(String.valueOf(p.get("AddonName")), p.get("AddonVersion"));
    }
    assertThat(pinned).isEqualTo(new java.util.TreeMap<>(Synth.stage(env).config().eksAddons()));
    assertThat(pinned.keySet())
        .containsExactlyInAnyOrderElementsOf(EnvConfig.EKS_ADDONS)
        .contains("vpc-cni", "kube-proxy", "coredns");
    // EKS bootstraps no unversioned copies of vpc-cni, kube-proxy and CoreDNS beside them.
    t.hasResourceProperties("AWS::EKS::Cluster", Map.of("BootstrapSelfManagedAddons", false));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void theCniEnforcesTheOverlaysNetworkPolicies(String env) {
    // Without the VPC CNI's network policy agent the default-deny policies are never enforced.
    cluster(env)
        .hasResourceProperties(
            "AWS::EKS::Addon",
            Map.of(
                "AddonName", "vpc-cni",
                "ConfigurationValues", "{\"enableNetworkPolicy\":\"true\"}"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void ebsVolumesForClaimsThroughTheCsiDriverAndADefaultGp3Class(String env) {
    Template t = cluster(env);
    Map<String, Object> role = Iam.roleByDescription(t, "EBS CSI driver");
    assertThat(String.valueOf(role.get("ManagedPolicyArns")))
        .contains("service-role/AmazonEBSCSIDriverPolicy");
    assertThat(role).doesNotContainKey("Policies");
    String manifests = String.valueOf(t.findResources("Custom::AWSCDK-EKS-KubernetesResource"));
    assertThat(manifests)
        .contains(
            "StorageClass",
            "storageclass.kubernetes.io/is-default-class",
            "ebs.csi.aws.com",
            "\"type\":\"gp3\"",
            "\"encrypted\":\"true\"");
  }

  @Test
  @SuppressWarnings("unchecked")
  void cloudWatchAgentMayPutOnlyContainerInsightsMetrics() {
    var statements = Iam.statements(Iam.roleByDescription(cluster("prod"), "CloudWatch agent"));
    assertThat(statements)
        .containsExactly(
            Map.of(
                "Sid", "PutContainerInsightsMetrics",
                "Effect", "Allow",
                "Action", "cloudwatch:PutMetricData",
                "Resource", "*",
                "Condition",
                    Map.of("StringEquals", Map.of("cloudwatch:namespace", "ContainerInsights"))),
            Map.of(
                "Sid", "WriteOwnLogGroups",
                "Effect", "Allow",
                "Action",
                    List.of(
                        "logs:CreateLogGroup",
                        "logs:CreateLogStream",
                        "logs:DescribeLogStreams",
                        "logs:PutLogEvents",
                        "logs:PutRetentionPolicy"),
                "Resource",
                    "arn:aws:logs:eu-west-1:333333333333:log-group:/aws/containerinsights/day2-prod/*"),
            Map.of(
                "Sid", "DescribeWhatItReports",
                "Effect", "Allow",
                "Action",
                    List.of(
                        "ec2:DescribeInstances",
                        "ec2:DescribeTags",
                        "ec2:DescribeVolumes",
                        "logs:DescribeLogGroups"),
                "Resource", "*"));
    cluster("prod")
        .hasResourceProperties(
            "AWS::EKS::Addon",
            Map.of(
                "AddonName", "amazon-cloudwatch-observability",
                "ConfigurationValues", "{\"containerLogs\":{\"enabled\":false}}"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void eachAddonServiceAccountHasItsOwnRole(String env) {
    Template t = cluster(env);
    var associations = t.findResources("AWS::EKS::PodIdentityAssociation").values();
    var bound =
        associations.stream()
            .map(a -> DataStackTest.properties(a))
            .map(p -> p.get("Namespace") + "/" + p.get("ServiceAccount"))
            .toList();
    List<String> expected =
        new java.util.ArrayList<>(
            List.of(
                "cert-manager/cert-manager",
                "external-dns/external-dns",
                "external-secrets/external-secrets",
                "kube-system/cluster-autoscaler",
                "amazon-cloudwatch/cloudwatch-agent",
                "kube-system/ebs-csi-controller-sa"));
    if (!env.equals("dev")) {
      expected.add("monitoring/heartbeat"); // components/monitoring-aws (staging, prod)
    }
    assertThat(bound).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(
            associations.stream()
                .map(a -> String.valueOf(DataStackTest.properties(a).get("RoleArn")))
                .distinct())
        .hasSize(expected.size());
  }

  @Test
  void theHeartbeatMayPutOnlyItsOwnMetric() {
    var statements =
        Iam.statements(Iam.roleByDescription(cluster("prod"), "Heartbeat of day2-prod"));
    assertThat(statements)
        .containsExactly(
            Map.of(
                "Sid", "PutHeartbeat",
                "Effect", "Allow",
                "Action", "cloudwatch:PutMetricData",
                "Resource", "*",
                "Condition",
                    Map.of("StringEquals", Map.of("cloudwatch:namespace", "Day2/Monitoring"))));
  }

  @Test
  @SuppressWarnings("unchecked")
  void externalSecretsMayReadOnlyDay2Secrets() {
    var statements = Iam.statements(Iam.roleByDescription(cluster("prod"), "External Secrets"));
    assertThat(statements).hasSize(2);
    assertThat(statements.get(0))
        .isEqualTo(
            Map.of(
                "Sid", "ReadDay2Secrets",
                "Effect", "Allow",
                "Action", List.of("secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"),
                "Resource", "arn:aws:secretsmanager:eu-west-1:333333333333:secret:day2/*"));
    Map<String, Object> decrypt = new java.util.HashMap<>(statements.get(1));
    List<Object> keys = (List<Object>) decrypt.remove("Resource");
    assertThat(decrypt)
        .isEqualTo(
            Map.of(
                "Sid", "DecryptThroughSecretsManager",
                "Effect", "Allow",
                "Action", "kms:Decrypt",
                "Condition",
                    Map.of(
                        "StringEquals",
                        Map.of("kms:ViaService", "secretsmanager.eu-west-1.amazonaws.com"))));
    assertThat(keys).as("the secrets stack's key and the data stack's key").hasSize(2);
    assertThat(String.valueOf(keys)).contains("prod-Secrets", "prod-Data");
  }

  @Test
  void dnsAddonsMayChangeOnlyTheirZone() {
    Template t = cluster("prod");
    var externalDns = Iam.statements(Iam.roleByDescription(t, "external-dns"));
    assertThat(externalDns)
        .extracting(s -> s.get("Sid"))
        .containsExactly("ChangeOwnZone", "ListZones");
    assertThat(externalDns.get(0).get("Action"))
        .isEqualTo(List.of("route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets"));
    assertThat(externalDns.get(1))
        .isEqualTo(
            Map.of(
                "Sid", "ListZones",
                "Effect", "Allow",
                "Action", List.of("route53:ListHostedZones", "route53:ListTagsForResources"),
                "Resource", "*"));
    var certManager = Iam.statements(Iam.roleByDescription(t, "cert-manager"));
    assertThat(certManager)
        .extracting(s -> s.get("Sid"))
        .containsExactly("AcmeChallengeRecords", "ReadOwnZone", "WaitForChanges", "FindZone");
    assertThat(certManager.get(0).get("Condition"))
        .isEqualTo(
            Map.of(
                "ForAllValues:StringEquals",
                Map.of("route53:ChangeResourceRecordSetsRecordTypes", List.of("TXT")),
                "ForAllValues:StringLike",
                Map.of(
                    "route53:ChangeResourceRecordSetsNormalizedRecordNames",
                    List.of("_acme-challenge.*"))));
    assertThat(certManager.get(2))
        .isEqualTo(
            Map.of(
                "Sid", "WaitForChanges",
                "Effect", "Allow",
                "Action", "route53:GetChange",
                "Resource", "arn:aws:route53:::change/*"));
  }

  @Test
  void autoscalerResizesOnlyItsClustersGroups() {
    var statements = Iam.statements(Iam.roleByDescription(cluster("prod"), "Cluster Autoscaler"));
    assertThat(statements)
        .extracting(s -> s.get("Sid"))
        .containsExactly("Discover", "ResizeOwnGroups");
    assertThat(statements.get(1))
        .isEqualTo(
            Map.of(
                "Sid", "ResizeOwnGroups",
                "Effect", "Allow",
                "Action",
                    List.of(
                        "autoscaling:SetDesiredCapacity",
                        "autoscaling:TerminateInstanceInAutoScalingGroup"),
                "Resource", "*",
                "Condition",
                    Map.of(
                        "StringEquals",
                        Map.of("aws:ResourceTag/k8s.io/cluster-autoscaler/day2-prod", "owned"))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void deployRoleIsAnAccessEntryAndTheZoneIsTheEnvironments(String env) {
    Template t = cluster(env);
    var deployEntries =
        t.findResources("AWS::EKS::AccessEntry").values().stream()
            .map(String::valueOf)
            .filter(e -> e.contains("GithubDeploy"))
            .toList();
    assertThat(deployEntries).hasSize(1);
    assertThat(deployEntries.get(0))
        .contains("AmazonEKSClusterAdminPolicy", "{Type=cluster}", env + "-Registry");
    t.hasResourceProperties("AWS::Route53::HostedZone", Map.of("Name", env + ".day2.example."));
  }
}
