package dev.day2.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.eks_v2.Addon;
import software.amazon.awscdk.services.eks_v2.Cluster;
import software.amazon.awscdk.services.eks_v2.HelmChart;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.route53.IHostedZone;
import software.constructs.Construct;

/**
 * The add-ons the overlays assume, each with its own Pod Identity role ({@link AddonPolicies}). EKS
 * add-ons (at the versions cdk.json's {@code eksAddons} pins) where AWS publishes one (Pod Identity
 * agent, metrics-server, cert-manager, external-dns); Helm charts otherwise (External Secrets
 * Operator, Cluster Autoscaler), at the versions cdk.json's {@code helmCharts} pins. The AWS Load
 * Balancer Controller comes with the cluster ({@link EksCluster}).
 */
final class ClusterAddons extends Construct {

  ClusterAddons(
      Construct scope,
      String id,
      EnvConfig config,
      Cluster cluster,
      IHostedZone zone,
      List<IKey> secretKeys) {
    super(scope, id);
    String name = Contract.clusterName(config.name());
    Addon podIdentity =
        Addon.Builder.create(this, "PodIdentityAgent")
            .cluster(cluster)
            .addonName("eks-pod-identity-agent")
            .addonVersion(config.eksAddons().get("eks-pod-identity-agent"))
            .build();
    Addon.Builder.create(this, "MetricsServer")
        .cluster(cluster)
        .addonName("metrics-server")
        .addonVersion(config.eksAddons().get("metrics-server"))
        .build();

    PodRole certManager =
        new PodRole(
            this,
            "CertManagerRole",
            name,
            Contract.CERT_MANAGER,
            "cert-manager: DNS-01 challenges in " + zone.getZoneName(),
            AddonPolicies.certManager(zone.getHostedZoneArn()));
    certManager.accept(
        "AwsSolutions-IAM5",
        List.of("Resource::*", "Resource::arn:aws:route53:::change/*"),
        "route53:ListHostedZonesByName has no resource-level permissions and GetChange's change"
            + " ids are unknown in advance; the one write (TXT under _acme-challenge) names the"
            + " zone.");
    Addon.Builder.create(this, "CertManager")
        .cluster(cluster)
        .addonName("cert-manager")
        .addonVersion(config.eksAddons().get("cert-manager"))
        .build();

    PodRole externalDns =
        new PodRole(
            this,
            "ExternalDnsRole",
            name,
            Contract.EXTERNAL_DNS,
            "external-dns: records in " + config.zoneName(),
            AddonPolicies.externalDns(zone.getHostedZoneArn()));
    externalDns.accept(
        "AwsSolutions-IAM5",
        List.of("Resource::*"),
        "route53:ListHostedZones and ListTagsForResources have no resource-level permissions;"
            + " the writes name this environment's zone.");
    Addon.Builder.create(this, "ExternalDns")
        .cluster(cluster)
        .addonName("external-dns")
        .addonVersion(config.eksAddons().get("external-dns"))
        .configurationValues(
            Map.of(
                "domainFilters",
                List.of(config.zoneName()),
                "txtOwnerId",
                name,
                "policy",
                "sync",
                "sources",
                List.of("service")))
        .build();

    PodRole externalSecretsRole =
        new PodRole(
            this,
            "ExternalSecretsRole",
            name,
            Contract.EXTERNAL_SECRETS,
            "External Secrets Operator: read day2/* secrets",
            AddonPolicies.externalSecrets(
                config, secretKeys.stream().map(IKey::getKeyArn).toList()));
    externalSecretsRole.accept(
        "AwsSolutions-IAM5",
        List.of(
            "Resource::arn:aws:secretsmanager:"
                + config.region()
                + ":"
                + config.account()
                + ":secret:day2/*"),
        "Secrets Manager appends a random suffix to every secret ARN, so the day2/ prefix is the"
            + " narrowest pattern that names exactly the secrets the overlays read.");
    HelmChart externalSecrets =
        HelmChart.Builder.create(this, "ExternalSecrets")
            .cluster(cluster)
            .repository("https://charts.external-secrets.io")
            .chart("external-secrets")
            .release("external-secrets")
            .version(config.helmCharts().get("external-secrets"))
            .namespace(Contract.EXTERNAL_SECRETS.namespace())
            .createNamespace(true)
            .values(
                Map.of(
                    "installCRDs",
                    true,
                    "serviceAccount",
                    Map.of("name", Contract.EXTERNAL_SECRETS.name())))
            .build();
    externalSecrets.getNode().addDependency(podIdentity);

    PodRole autoscalerRole =
        new PodRole(
            this,
            "ClusterAutoscalerRole",
            name,
            Contract.CLUSTER_AUTOSCALER,
            "Cluster Autoscaler: resize " + name + "'s node groups",
            AddonPolicies.clusterAutoscaler(config));
    autoscalerRole.accept(
        "AwsSolutions-IAM5",
        List.of("Resource::*"),
        "The Describe calls have no resource-level permissions; the resizing calls are limited"
            + " to groups tagged k8s.io/cluster-autoscaler/"
            + name
            + "=owned.");
    HelmChart autoscaler =
        HelmChart.Builder.create(this, "ClusterAutoscaler")
            .cluster(cluster)
            .repository("https://kubernetes.github.io/autoscaler")
            .chart("cluster-autoscaler")
            .release("cluster-autoscaler")
            .version(config.helmCharts().get("cluster-autoscaler"))
            .namespace(Contract.CLUSTER_AUTOSCALER.namespace())
            .values(
                Map.of(
                    "autoDiscovery", Map.of("clusterName", name),
                    "awsRegion", config.region(),
                    "rbac",
                        Map.of(
                            "serviceAccount",
                            Map.of("create", true, "name", Contract.CLUSTER_AUTOSCALER.name())),
                    "extraArgs",
                        Map.of(
                            "balance-similar-node-groups", true,
                            "skip-nodes-with-system-pods", false,
                            "expander", "least-waste")))
            .build();
    autoscaler.getNode().addDependency(podIdentity);

    // Container Insights: the node metrics the node-group health alarms read
    // (cluster_failed_node_count, cluster_node_count; PlatformAlarms). Container logs stay with the
    // logging component: the add-on's Fluent Bit is off.
    PodRole cloudWatchAgent =
        new PodRole(
            this,
            "CloudWatchAgentRole",
            name,
            Contract.CLOUDWATCH_AGENT,
            "CloudWatch agent: Container Insights metrics of " + name,
            AddonPolicies.cloudWatchAgent(config));
    cloudWatchAgent.accept(
        "AwsSolutions-IAM5",
        List.of(
            "Resource::*",
            "Resource::arn:aws:logs:"
                + config.region()
                + ":"
                + config.account()
                + ":log-group:/aws/containerinsights/"
                + name
                + "/*"),
        "PutMetricData has no resource-level permission (limited to the ContainerInsights namespace"
            + " by condition), nor do the Describe calls; the log groups are this cluster's.");
    Addon.Builder.create(this, "CloudWatchObservability")
        .cluster(cluster)
        .addonName("amazon-cloudwatch-observability")
        .addonVersion(config.eksAddons().get("amazon-cloudwatch-observability"))
        .configurationValues(Map.of("containerLogs", Map.of("enabled", false)))
        .build()
        .getNode()
        .addDependency(podIdentity, cloudWatchAgent);

    // The dead man's switch (ADR 0135): components/monitoring-aws' heartbeat CronJob puts its beat
    // into CloudWatch, where MonitoringHeartbeat's alarm watches for it to stop.
    if (Contract.HEARTBEAT_ENVIRONMENTS.contains(config.name())) {
      PodRole heartbeat =
          new PodRole(
              this,
              "HeartbeatRole",
              name,
              Contract.HEARTBEAT,
              "Heartbeat of " + name + "'s alerting to CloudWatch",
              List.of(
                  PolicyStatement.Builder.create()
                      .sid("PutHeartbeat")
                      .actions(List.of("cloudwatch:PutMetricData"))
                      .resources(List.of("*"))
                      .conditions(
                          Map.of(
                              "StringEquals",
                              Map.of("cloudwatch:namespace", Contract.HEARTBEAT_NAMESPACE)))
                      .build()));
      heartbeat.accept(
          "AwsSolutions-IAM5",
          List.of("Resource::*"),
          "PutMetricData has no resource-level permission; the condition limits it to the"
              + " heartbeat's own namespace.");
    }

    // EBS volumes for PersistentVolumeClaims (Prometheus, Alertmanager, Loki of the monitoring
    // and logging components): the CSI driver, and gp3 as the default StorageClass (EKS marks
    // none as default since 1.30). Its policy is AWS's: it creates, attaches and deletes volumes
    // whose ids do not exist yet, limited by the driver's own tags.
    PodRole ebsCsi =
        new PodRole(
            this,
            "EbsCsiRole",
            name,
            Contract.EBS_CSI_CONTROLLER,
            "EBS CSI driver: volumes of " + name,
            List.of());
    ebsCsi
        .role()
        .addManagedPolicy(
            software.amazon.awscdk.services.iam.ManagedPolicy.fromAwsManagedPolicyName(
                "service-role/AmazonEBSCSIDriverPolicy"));
    ebsCsi.accept(
        "AwsSolutions-IAM4",
        List.of(
            "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"),
        "AWS maintains this policy for exactly the EBS CSI driver (EKS user guide); its writes are"
            + " conditioned on the driver's own tags (ebs.csi.aws.com/cluster).");
    Addon.Builder.create(this, "EbsCsiDriver")
        .cluster(cluster)
        .addonName("aws-ebs-csi-driver")
        .addonVersion(config.eksAddons().get("aws-ebs-csi-driver"))
        .build()
        .getNode()
        .addDependency(podIdentity, ebsCsi);
    cluster.addManifest(
        "Gp3StorageClass",
        Map.of(
            "apiVersion", "storage.k8s.io/v1",
            "kind", "StorageClass",
            "metadata",
                Map.of(
                    "name",
                    "gp3",
                    "annotations",
                    Map.of("storageclass.kubernetes.io/is-default-class", "true")),
            "provisioner", "ebs.csi.aws.com",
            "volumeBindingMode", "WaitForFirstConsumer",
            "allowVolumeExpansion", true,
            "parameters", Map.of("type", "gp3", "encrypted", "true")));
  }
}
