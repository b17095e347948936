package dev.day2.infra;

import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.eks_v2.Cluster;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.route53.PublicHostedZone;
import software.constructs.Construct;

/**
 * The EKS cluster, its add-ons, and the public zone {@code <env>.<domain>} that external-dns and
 * cert-manager manage, so {@code <service>.<env>.<domain>} resolve to the edge's NLB with a Let's
 * Encrypt certificate.
 */
public final class ClusterStack extends Stack {
  private final EksCluster eks;
  private final PublicHostedZone zone;

  ClusterStack(
      Construct scope,
      String id,
      EnvConfig config,
      IVpc vpc,
      IRole deployRole,
      List<IKey> secretKeys) {
    super(
        scope,
        id,
        StackProps.builder()
            .description("Day2 " + config.name() + ": EKS, add-ons, public DNS zone")
            .terminationProtection(config.isProd())
            .build());
    zone =
        PublicHostedZone.Builder.create(this, "Zone")
            .zoneName(config.zoneName())
            .comment("Day2 " + config.name() + ": delegated from " + config.domain())
            .build();
    CfnOutput.Builder.create(this, "ZoneNameServers")
        .description("NS records to add for " + config.zoneName() + " in " + config.domain())
        .value(Fn.join(",", zone.getHostedZoneNameServers()))
        .build();
    eks = new EksCluster(this, "Eks", config, vpc, deployRole);
    new ClusterAddons(this, "Addons", config, eks.cluster(), zone, secretKeys);

    // aws-cdk-lib puts the AWS Load Balancer Controller (service account, IAM policy, chart) at the
    // stack's root, named after the cluster.
    for (var child : getNode().getChildren()) {
      if (child.getNode().getId().endsWith("-AlbController")) {
        io.github.cdklabs.cdknag.NagSuppressions.addResourceSuppressions(
            child,
            List.of(
                io.github.cdklabs.cdknag.NagPackSuppression.builder()
                    .id("AwsSolutions-IAM5")
                    .reason(
                        "The AWS Load Balancer Controller's policy as published by the project and"
                            + " shipped by aws-cdk-lib: it creates load balancers, target groups"
                            + " and security groups whose ARNs do not exist yet, and limits its"
                            + " changes to resources tagged elbv2.k8s.aws/cluster.")
                    .build()),
            true);
      }
    }
  }

  public Cluster cluster() {
    return eks.cluster();
  }

  public PublicHostedZone zone() {
    return zone;
  }
}
