package dev.day2.infra;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * cdk-nag's AwsSolutions pack runs on every stage (Day2Stage adds it). The app would still exit 0
 * with findings, so this asserts on the synthesised assembly's error annotations.
 */
class NagTest {

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void everyStageHasNoUnsuppressedFindings(String env) {
    assertThat(Findings.errors(Synth.stage(env).synth())).isEmpty();
  }
}
