package dev.day2.infra;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.assertions.Template;

class NetworkStackTest {

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void spansThreeZonesWithThreeSubnetTiers(String env) {
    Template template = Template.fromStack(Synth.stage(env).network());
    template.resourceCountIs("AWS::EC2::VPC", 1);
    assertThat(template.findResources("AWS::EC2::Subnet")).hasSize(9);
  }
}
