package dev.day2.infra;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;

/** The error annotations (cdk-nag findings among them) of a synthesised stage. */
final class Findings {
  private Findings() {}

  static List<String> errors(CloudAssembly assembly) {
    List<String> errors = new ArrayList<>();
    for (CloudFormationStackArtifact stack : assembly.getStacksRecursively()) {
      stack.getMessages().stream()
          .filter(m -> m.getLevel().name().equals("ERROR"))
          .forEach(m ->
              errors.add(stack.getStackName() + " " + m.getId() + ": " + m.getEntry().getData()));
    }
    return errors;
  }
}
