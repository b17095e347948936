package dev.day2.infra.preferences;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Synth without the archive stops with one line saying how to build it; nothing is invented. */
class FunctionArchiveTest {
  @TempDir Path emptyCheckout;

  @Test
  void aMissingArchiveIsOneLineSayingHowToBuildIt() {
    assertThatThrownBy(() -> FunctionArchive.locate(emptyCheckout))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith(
            "function.zip is missing: build it first with ./mvnw -B package -DskipTests -pl"
                + " services/preferences/lambda -am")
        .hasMessageNotContaining("\n");
  }
}
