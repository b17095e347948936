package dev.day2.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.eks.CfnPodIdentityAssociation;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.iam.SessionTagsPrincipal;
import software.constructs.Construct;

/**
 * An IAM role for one Kubernetes service account through EKS Pod Identity: the role trusts the Pod
 * Identity agent, the association binds it to exactly one namespace/service account of one cluster,
 * and its inline policy is all it may do.
 */
final class PodRole extends Construct {
  private final Role role;

  PodRole(
      Construct scope,
      String id,
      String clusterName,
      Contract.ServiceAccount account,
      String description,
      List<PolicyStatement> statements) {
    super(scope, id);
    role =
        Role.Builder.create(this, "Role")
            .description(description + " (" + account.namespace() + "/" + account.name() + ")")
            .assumedBy(new SessionTagsPrincipal(new ServicePrincipal("pods.eks.amazonaws.com")))
            .inlinePolicies(
                statements.isEmpty()
                    ? Map.of()
                    : Map.of(
                        "Permissions",
                        PolicyDocument.Builder.create().statements(statements).build()))
            .build();
    CfnPodIdentityAssociation.Builder.create(this, "Association")
        .clusterName(clusterName)
        .namespace(account.namespace())
        .serviceAccount(account.name())
        .roleArn(role.getRoleArn())
        .build();
  }

  /** A cdk-nag suppression on this role, with the reason a reviewer reads. */
  void accept(String rule, List<String> appliesTo, String reason) {
    io.github.cdklabs.cdknag.NagSuppressions.addResourceSuppressions(
        role,
        List.of(
            io.github.cdklabs.cdknag.NagPackSuppression.builder()
                .id(rule)
                .appliesTo(List.copyOf(appliesTo))
                .reason(reason)
                .build()));
  }

  Role role() {
    return role;
  }
}
