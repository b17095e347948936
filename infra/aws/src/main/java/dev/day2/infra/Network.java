package dev.day2.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.FlowLog;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogResourceType;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * A VPC over the environment's three availability zones: public subnets (load balancers, NAT),
 * private subnets with egress (nodes, pods) and isolated subnets (RDS, ElastiCache). Endpoints keep
 * image pulls, STS, Secrets Manager and log traffic off the NAT gateways; flow logs go to a
 * KMS-encrypted log group.
 */
final class Network extends Construct {
  private final Vpc vpc;

  Network(Construct scope, String id, EnvConfig config) {
    super(scope, id);
    vpc =
        Vpc.Builder.create(this, "Vpc")
            .ipAddresses(IpAddresses.cidr(Contract.VPC_CIDR))
            // Named zones, not maxAzs: no lookup at synth time, the same template every time.
            .availabilityZones(config.availabilityZones())
            .natGateways(config.natGateways())
            .subnetConfiguration(
                List.of(
                    subnet("public", SubnetType.PUBLIC, 24),
                    subnet("private", SubnetType.PRIVATE_WITH_EGRESS, 19),
                    subnet("isolated", SubnetType.PRIVATE_ISOLATED, 24)))
            .gatewayEndpoints(
                Map.of(
                    "S3",
                    GatewayVpcEndpointOptions.builder()
                        .service(GatewayVpcEndpointAwsService.S3)
                        .build()))
            .build();

    InterfaceVpcEndpointAwsService[] services = {
      InterfaceVpcEndpointAwsService.ECR,
      InterfaceVpcEndpointAwsService.ECR_DOCKER,
      InterfaceVpcEndpointAwsService.STS,
      InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
      InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS
    };
    String[] names = {"Ecr", "EcrDocker", "Sts", "SecretsManager", "Logs"};
    for (int i = 0; i < services.length; i++) {
      vpc.addInterfaceEndpoint(
          names[i],
          InterfaceVpcEndpointOptions.builder()
              .service(services[i])
              .privateDnsEnabled(true)
              .subnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
              .build());
    }

    Key key =
        Key.Builder.create(this, "FlowLogKey")
            .description("Day2 " + config.name() + " VPC flow logs")
            .enableKeyRotation(true)
            .removalPolicy(config.isProd() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
            .build();
    // CloudWatch Logs encrypts the group with the key; its service principal must be allowed to.
    key.grantEncryptDecrypt(new ServicePrincipal("logs." + config.region() + ".amazonaws.com"));
    LogGroup flowLogs =
        LogGroup.Builder.create(this, "FlowLogs")
            .encryptionKey(key)
            .retention(Retention.days(config.logRetentionDays()))
            .removalPolicy(config.isProd() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
            .build();
    FlowLog.Builder.create(this, "FlowLog")
        .resourceType(FlowLogResourceType.fromVpc(vpc))
        .trafficType(FlowLogTrafficType.ALL)
        .destination(FlowLogDestination.toCloudWatchLogs(flowLogs))
        .build();
  }

  private static SubnetConfiguration subnet(String name, SubnetType type, int mask) {
    return SubnetConfiguration.builder().name(name).subnetType(type).cidrMask(mask).build();
  }

  IVpc vpc() {
    return vpc;
  }
}
