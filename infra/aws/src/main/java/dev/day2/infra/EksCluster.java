package dev.day2.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.cdk.lambdalayer.kubectl.v32.KubectlV32Layer;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.eks_v2.AccessEntry;
import software.amazon.awscdk.services.eks_v2.AccessPolicy;
import software.amazon.awscdk.services.eks_v2.AccessPolicyNameOptions;
import software.amazon.awscdk.services.eks_v2.AccessScopeType;
import software.amazon.awscdk.services.eks_v2.Addon;
import software.amazon.awscdk.services.eks_v2.AlbControllerOptions;
import software.amazon.awscdk.services.eks_v2.AlbControllerVersion;
import software.amazon.awscdk.services.eks_v2.CapacityType;
import software.amazon.awscdk.services.eks_v2.Cluster;
import software.amazon.awscdk.services.eks_v2.ClusterLoggingTypes;
import software.amazon.awscdk.services.eks_v2.DefaultCapacityType;
import software.amazon.awscdk.services.eks_v2.EndpointAccess;
import software.amazon.awscdk.services.eks_v2.KubectlProviderOptions;
import software.amazon.awscdk.services.eks_v2.KubernetesVersion;
import software.amazon.awscdk.services.eks_v2.Nodegroup;
import software.amazon.awscdk.services.eks_v2.NodegroupAmiType;
import software.amazon.awscdk.services.eks_v2.NodegroupOptions;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;

/**
 * The EKS cluster {@code day2-<env>}: a pinned Kubernetes version, secrets envelope-encrypted with
 * KMS, every control-plane log type, access by EKS access entries only (no aws-auth ConfigMap), and
 * one managed node group per availability zone so the Cluster Autoscaler can keep them balanced.
 */
final class EksCluster extends Construct {
  /**
   * The kubectl minor of the layer the CDK's kubectl provider runs ({@code KubectlV32Layer} below):
   * it manages clusters up to one minor newer. Change both together (UpgradeOrderTest checks).
   */
  static final int KUBECTL_LAYER_MINOR = 32;

  private final Cluster cluster;

  EksCluster(Construct scope, String id, EnvConfig config, IVpc vpc, IRole deployRole) {
    super(scope, id);
    Key secretsKey =
        Key.Builder.create(this, "SecretsKey")
            .description("Day2 " + config.name() + " EKS secrets envelope encryption")
            .enableKeyRotation(true)
            .build();
    cluster =
        Cluster.Builder.create(this, "Cluster")
            .clusterName(Contract.clusterName(config.name()))
            .version(KubernetesVersion.of(config.kubernetesVersion()))
            .vpc(vpc)
            .vpcSubnets(
                List.of(
                    SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build()))
            // Public (GitHub-hosted runners deploy) and private (nodes stay in the VPC); who may
            // do what is decided by access entries, not by network reachability.
            .endpointAccess(EndpointAccess.PUBLIC_AND_PRIVATE)
            .secretsEncryptionKey(secretsKey)
            .clusterLogging(
                List.of(
                    ClusterLoggingTypes.API,
                    ClusterLoggingTypes.AUDIT,
                    ClusterLoggingTypes.AUTHENTICATOR,
                    ClusterLoggingTypes.CONTROLLER_MANAGER,
                    ClusterLoggingTypes.SCHEDULER))
            // vpc-cni, kube-proxy and CoreDNS come as managed add-ons at the versions cdk.json
            // pins (below), not as the unversioned copies EKS would bootstrap itself.
            .bootstrapSelfManagedAddons(false)
            .defaultCapacityType(DefaultCapacityType.NODEGROUP)
            .defaultCapacity(0)
            .kubectlProviderOptions(
                KubectlProviderOptions.builder()
                    .kubectlLayer(new KubectlV32Layer(this, "KubectlLayer"))
                    .build())
            .albController(
                AlbControllerOptions.builder().version(AlbControllerVersion.V2_17_1).build())
            .build();

    // One node group per zone: the autoscaler balances similar groups, so a zone never runs dry
    // while another has spare nodes, and a zone outage takes out at most a third of the nodes.
    // Nodes join only once pod networking (vpc-cni, kube-proxy) is there; CoreDNS, a Deployment,
    // once there are nodes to run it (an add-on that cannot become healthy fails the stack).
    // The VPC CNI's network policy agent on: without it the overlays' default-deny NetworkPolicies
    // are stored and never enforced.
    Addon vpcCni = addon(config, "vpc-cni", "VpcCni", Map.of("enableNetworkPolicy", "true"));
    Addon kubeProxy = addon(config, "kube-proxy", "KubeProxy");
    Addon coreDns = addon(config, "coredns", "CoreDns");
    List<String> zones = config.availabilityZones();
    for (int i = 0; i < zones.size(); i++) {
      int n = zones.size();
      Nodegroup nodes =
          cluster.addNodegroupCapacity(
              "Nodes-" + zones.get(i),
              NodegroupOptions.builder()
                  .nodegroupName("day2-" + config.name() + "-" + zones.get(i))
                  .subnets(
                      SubnetSelection.builder()
                          .subnetType(SubnetType.PRIVATE_WITH_EGRESS)
                          .availabilityZones(List.of(zones.get(i)))
                          .build())
                  .instanceTypes(
                      List.of(
                          new software.amazon.awscdk.services.ec2.InstanceType(
                              config.nodeInstanceType())))
                  .amiType(NodegroupAmiType.AL2023_X86_64_STANDARD)
                  .capacityType(CapacityType.ON_DEMAND)
                  .minSize(ceilDiv(config.nodeMin(), n))
                  .desiredSize(ceilDiv(config.nodeDesired(), n))
                  .maxSize(ceilDiv(config.nodeMax(), n))
                  .labels(Map.of("day2.dev/zone", zones.get(i)))
                  .enableNodeAutoRepair(true)
                  // A version or AMI update drains each node and respects the PodDisruptionBudgets;
                  // aws-cdk-lib's default (true) would terminate nodes whose pods a PDB still
                  // protects once the drain times out, and take the edge or a store with them.
                  .forceUpdate(false)
                  .build());
      nodes.getNode().addDependency(vpcCni, kubeProxy);
      coreDns.getNode().addDependency(nodes);
    }

    acceptLibraryFindings();

    // The delivery workflow's role applies the overlays: namespaces, ClusterRoles and
    // cluster-scoped custom resources among them, hence the cluster-admin access policy.
    AccessEntry.Builder.create(this, "DeployAccess")
        .cluster(cluster)
        .principal(deployRole.getRoleArn())
        .accessPolicies(
            List.of(
                AccessPolicy.fromAccessPolicyName(
                    "AmazonEKSClusterAdminPolicy",
                    AccessPolicyNameOptions.builder()
                        .accessScopeType(AccessScopeType.CLUSTER)
                        .build())))
        .build();
  }

  /**
   * Findings on what aws-cdk-lib makes for the cluster, not on code of ours: the EKS service and
   * node roles carry the managed policies EKS documents for them, and the kubectl provider (a
   * Lambda the library ships and versions) runs on the library's pinned runtime.
   */
  private void acceptLibraryFindings() {
    io.github.cdklabs.cdknag.NagSuppressions.addResourceSuppressions(
        cluster,
        List.of(
            suppression(
                "AwsSolutions-IAM4",
                "EKS requires AmazonEKSClusterPolicy on the cluster role and AmazonEKSWorkerNodePolicy,"
                    + " AmazonEKS_CNI_Policy and AmazonEC2ContainerRegistryReadOnly on node roles"
                    + " (EKS user guide); the kubectl provider's roles are the library's."),
            suppression(
                "AwsSolutions-IAM5",
                "The kubectl provider's framework may invoke any version of its own handler"
                    + " (<handler arn>:*); generated by aws-cdk-lib."),
            suppression(
                "AwsSolutions-L1",
                "The kubectl provider's handler runtime is pinned by aws-cdk-lib together with the"
                    + " kubectl layer; upgraded with the library."),
            suppression(
                "AwsSolutions-EKS1",
                "GitHub-hosted runners deploy through the public endpoint; every call is"
                    + " authenticated by IAM and authorised by EKS access entries (no anonymous"
                    + " access), and nodes use the private endpoint.")),
        true);
  }

  /** The EKS add-on {@code name} at the version cdk.json pins for it ({@code eksAddons}). */
  private Addon addon(EnvConfig config, String name, String id) {
    return addon(config, name, id, Map.of());
  }

  private Addon addon(EnvConfig config, String name, String id, Map<String, Object> values) {
    Addon.Builder addon =
        Addon.Builder.create(this, id)
            .cluster(cluster)
            .addonName(name)
            .addonVersion(config.eksAddons().get(name));
    if (!values.isEmpty()) {
      addon.configurationValues(values);
    }
    return addon.build();
  }

  private static io.github.cdklabs.cdknag.NagPackSuppression suppression(String id, String reason) {
    return io.github.cdklabs.cdknag.NagPackSuppression.builder().id(id).reason(reason).build();
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  Cluster cluster() {
    return cluster;
  }
}
