package dev.day2.infra;

import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.IVpc;
import software.constructs.Construct;

/** The VPC every other stack runs in. */
public final class NetworkStack extends Stack {
  private final Network network;

  NetworkStack(Construct scope, String id, EnvConfig config) {
    super(
        scope,
        id,
        StackProps.builder()
            .description("Day2 " + config.name() + ": VPC, subnets, NAT, endpoints, flow logs")
            .terminationProtection(config.isProd())
            .build());
    network = new Network(this, "Network", config);
  }

  public IVpc vpc() {
    return network.vpc();
  }
}
