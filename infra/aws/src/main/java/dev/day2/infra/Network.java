package dev.day2.infra;

import java.util.List;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.constructs.Construct;

/**
 * A VPC over the environment's three availability zones: public subnets (load balancers, NAT),
 * private subnets with egress (nodes, pods) and isolated subnets (RDS, ElastiCache).
 */
final class Network extends Construct {
  private final Vpc vpc;

  Network(Construct scope, String id, EnvConfig config) {
    super(scope, id);
    vpc =
        Vpc.Builder.create(this, "Vpc")
            .ipAddresses(IpAddresses.cidr(config.vpcCidr()))
            // Named zones, not maxAzs: no lookup at synth time, the same template every time.
            .availabilityZones(config.availabilityZones())
            .natGateways(config.natGateways())
            .subnetConfiguration(
                List.of(
                    SubnetConfiguration.builder()
                        .name("public")
                        .subnetType(SubnetType.PUBLIC)
                        .cidrMask(24)
                        .build(),
                    SubnetConfiguration.builder()
                        .name("private")
                        .subnetType(SubnetType.PRIVATE_WITH_EGRESS)
                        .cidrMask(19)
                        .build(),
                    SubnetConfiguration.builder()
                        .name("isolated")
                        .subnetType(SubnetType.PRIVATE_ISOLATED)
                        .cidrMask(24)
                        .build()))
            .build();
  }

  IVpc vpc() {
    return vpc;
  }
}
