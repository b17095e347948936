package dev.day2.wrpi.updater;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WrpiTest {
  private final Clock clock =
      Clock.fixed(Instant.parse("2021-02-20T18:06:47.987654Z"), ZoneOffset.UTC);

  @Test
  void timestampIsTheBriefsUtcFormatToTheSecond() {
    assertThat(Wrpi.calculate(fixedDraw(694200), clock).timestamp())
        .isEqualTo("2021-02-20T18:06:47+0000");
  }

  @Test
  void valueIsTheDrawOverTenThousandAsPythonPrintsIt() {
    assertThat(Wrpi.calculate(fixedDraw(694200), clock).value()).isEqualTo("69.42");
    assertThat(Wrpi.format(1)).isEqualTo("0.0001");
    assertThat(Wrpi.format(123456)).isEqualTo("12.3456");
    assertThat(Wrpi.format(500000)).isEqualTo("50.0");
    assertThat(Wrpi.format(1_000_000)).isEqualTo("100.0");
  }

  @Test
  void drawsFromOneToAMillionInclusive() {
    RandomGenerator recording =
        new RandomGenerator() {
          @Override
          public long nextLong() {
            throw new UnsupportedOperationException();
          }

          @Override
          public int nextInt(int origin, int bound) {
            assertThat(origin).isEqualTo(1);
            assertThat(bound).isEqualTo(1_000_001);
            return bound - 1;
          }
        };
    assertThat(Wrpi.calculate(recording, clock).value()).isEqualTo("100.0");
    assertThatThrownBy(() -> Wrpi.format(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Wrpi.format(1_000_001)).isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * Interop with the original Python updater and api: for the same draws, Python's {@code
   * str(randint / 10000)} gives exactly our strings, and its {@code float()} reads them back to the
   * same number. Runs the real python3.
   */
  @Test
  void writesTheSameStringsAsThePythonOriginal() throws IOException, InterruptedException {
    int[] draws =
        IntStream.concat(
                IntStream.of(1, 9, 10, 99, 100, 5000, 10000, 999999, 1_000_000),
                IntStream.range(0, 500).map(i -> 1 + (int) ((i * 2654435761L) % 1_000_000)))
            .toArray();
    String script =
        "import sys\n"
            + "for d in sys.argv[1:]:\n"
            + "    s = str(int(d) / 10000)\n"
            + "    assert str(float(s)) == s\n"
            + "    print(s)\n";
    List<String> command = new java.util.ArrayList<>(List.of("python3", "-c", script));
    Arrays.stream(draws).mapToObj(Integer::toString).forEach(command::add);
    Process python = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> printed =
        new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    assertThat(python.waitFor()).as("python3 output: %s", printed).isZero();
    assertThat(printed)
        .containsExactlyElementsOf(Arrays.stream(draws).mapToObj(Wrpi::format).toList());
  }

  private static RandomGenerator fixedDraw(int draw) {
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        throw new UnsupportedOperationException();
      }

      @Override
      public int nextInt(int origin, int bound) {
        return draw;
      }
    };
  }
}
