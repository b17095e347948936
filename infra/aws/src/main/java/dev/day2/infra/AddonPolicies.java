package dev.day2.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * What each add-on may do in AWS, and nothing more. Wildcard resources appear only where the API
 * has no resource-level permissions (the list and describe calls); every write names its resource
 * or is conditioned on the cluster's tag.
 */
final class AddonPolicies {
  private AddonPolicies() {}

  /** External Secrets Operator: read the day2/* secrets, decrypt them through Secrets Manager. */
  static List<PolicyStatement> externalSecrets(EnvConfig config, List<String> keyArns) {
    return List.of(
        PolicyStatement.Builder.create()
            .sid("ReadDay2Secrets")
            .actions(List.of("secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"))
            .resources(
                List.of(
                    "arn:aws:secretsmanager:"
                        + config.region()
                        + ":"
                        + config.account()
                        + ":secret:"
                        + Contract.PREFIX
                        + "*"))
            .build(),
        PolicyStatement.Builder.create()
            .sid("DecryptThroughSecretsManager")
            .actions(List.of("kms:Decrypt"))
            .resources(keyArns)
            .conditions(
                Map.of(
                    "StringEquals",
                    Map.of(
                        "kms:ViaService", "secretsmanager." + config.region() + ".amazonaws.com")))
            .build());
  }

  /** external-dns: records in this environment's zone only. */
  static List<PolicyStatement> externalDns(String zoneArn) {
    return List.of(
        PolicyStatement.Builder.create()
            .sid("ChangeOwnZone")
            .actions(List.of("route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets"))
            .resources(List.of(zoneArn))
            .build(),
        PolicyStatement.Builder.create()
            .sid("ListZones")
            .actions(List.of("route53:ListHostedZones", "route53:ListTagsForResources"))
            .resources(List.of("*"))
            .build());
  }

  /** cert-manager: DNS-01 TXT records under _acme-challenge in this environment's zone only. */
  static List<PolicyStatement> certManager(String zoneArn) {
    return List.of(
        PolicyStatement.Builder.create()
            .sid("AcmeChallengeRecords")
            .actions(List.of("route53:ChangeResourceRecordSets"))
            .resources(List.of(zoneArn))
            .conditions(
                Map.of(
                    "ForAllValues:StringEquals",
                    Map.of("route53:ChangeResourceRecordSetsRecordTypes", List.of("TXT")),
                    "ForAllValues:StringLike",
                    Map.of(
                        "route53:ChangeResourceRecordSetsNormalizedRecordNames",
                        List.of("_acme-challenge.*"))))
            .build(),
        PolicyStatement.Builder.create()
            .sid("ReadOwnZone")
            .actions(List.of("route53:ListResourceRecordSets"))
            .resources(List.of(zoneArn))
            .build(),
        PolicyStatement.Builder.create()
            .sid("WaitForChanges")
            .actions(List.of("route53:GetChange"))
            .resources(List.of("arn:aws:route53:::change/*"))
            .build(),
        PolicyStatement.Builder.create()
            .sid("FindZone")
            .actions(List.of("route53:ListHostedZonesByName"))
            .resources(List.of("*"))
            .build());
  }

  /** Cluster Autoscaler: read the groups; resize only the ones tagged as this cluster's. */
  static List<PolicyStatement> clusterAutoscaler(EnvConfig config) {
    return List.of(
        PolicyStatement.Builder.create()
            .sid("Discover")
            .actions(
                List.of(
                    "autoscaling:DescribeAutoScalingGroups",
                    "autoscaling:DescribeAutoScalingInstances",
                    "autoscaling:DescribeLaunchConfigurations",
                    "autoscaling:DescribeScalingActivities",
                    "autoscaling:DescribeTags",
                    "ec2:DescribeImages",
                    "ec2:DescribeInstanceTypes",
                    "ec2:DescribeLaunchTemplateVersions",
                    "ec2:GetInstanceTypesFromInstanceRequirements",
                    "eks:DescribeNodegroup"))
            .resources(List.of("*"))
            .build(),
        PolicyStatement.Builder.create()
            .sid("ResizeOwnGroups")
            .actions(
                List.of(
                    "autoscaling:SetDesiredCapacity",
                    "autoscaling:TerminateInstanceInAutoScalingGroup"))
            .resources(List.of("*"))
            .conditions(
                Map.of(
                    "StringEquals",
                    Map.of(
                        "aws:ResourceTag/k8s.io/cluster-autoscaler/"
                            + Contract.clusterName(config.name()),
                        "owned")))
            .build());
  }

  /**
   * The CloudWatch agent of the amazon-cloudwatch-observability add-on (Container Insights): put
   * metrics in the ContainerInsights namespace only, write its cluster's performance log group,
   * describe the instances and volumes it reports on. Narrower than CloudWatchAgentServerPolicy.
   */
  static List<PolicyStatement> cloudWatchAgent(EnvConfig config) {
    String cluster = Contract.clusterName(config.name());
    return List.of(
        PolicyStatement.Builder.create()
            .sid("PutContainerInsightsMetrics")
            .actions(List.of("cloudwatch:PutMetricData"))
            .resources(List.of("*"))
            .conditions(Map.of("StringEquals", Map.of("cloudwatch:namespace", "ContainerInsights")))
            .build(),
        PolicyStatement.Builder.create()
            .sid("WriteOwnLogGroups")
            .actions(
                List.of(
                    "logs:CreateLogGroup",
                    "logs:CreateLogStream",
                    "logs:DescribeLogStreams",
                    "logs:PutLogEvents",
                    "logs:PutRetentionPolicy"))
            .resources(
                List.of(
                    "arn:aws:logs:"
                        + config.region()
                        + ":"
                        + config.account()
                        + ":log-group:/aws/containerinsights/"
                        + cluster
                        + "/*"))
            .build(),
        PolicyStatement.Builder.create()
            .sid("DescribeWhatItReports")
            .actions(
                List.of(
                    "ec2:DescribeInstances",
                    "ec2:DescribeTags",
                    "ec2:DescribeVolumes",
                    "logs:DescribeLogGroups"))
            .resources(List.of("*"))
            .build());
  }
}
