package dev.day2.wrpi.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class StoredReadingTest {
  @Test
  void keepsOurTimestampAsStored() {
    Reading reading = StoredReading.parse("69.42", "2021-02-20T18:06:47+0000");
    assertThat(reading.latestValue()).isEqualTo(69.42);
    assertThat(reading.latestCalculationAt()).isEqualTo("2021-02-20T18:06:47+0000");
    assertThat(reading.calculatedAt()).isEqualTo(Instant.parse("2021-02-20T18:06:47Z"));
  }

  @Test
  void readsPythonUtcnowIsoformatAsUtc() {
    Reading reading = StoredReading.parse("69.4200", "2021-02-20T18:06:47.123456");
    assertThat(reading.latestValue()).isEqualTo(69.42);
    assertThat(reading.latestCalculationAt()).isEqualTo("2021-02-20T18:06:47+0000");
    assertThat(StoredReading.parse("1", "2021-02-20T18:06:47").latestCalculationAt())
        .isEqualTo("2021-02-20T18:06:47+0000");
  }

  @Test
  void convertsAnAwareIsoTimestampToUtc() {
    assertThat(StoredReading.parse("1.5", "2021-02-20T19:06:47.5+01:00").latestCalculationAt())
        .isEqualTo("2021-02-20T18:06:47+0000");
  }

  @Test
  void bothKeysMissingMeansNoValueYet() {
    assertThatThrownBy(() -> StoredReading.parse(null, null))
        .isInstanceOf(NoValueYetException.class);
  }

  @Test
  void rejectsHalfReadingsAndGarbage() {
    String ok = "2021-02-20T18:06:47+0000";
    for (String[] bad :
        new String[][] {
          {"69.42", null},
          {null, ok},
          {"abc", ok},
          {"-1", ok},
          {"100.01", ok},
          {"1e2", ok},
          {"Infinity", ok},
          {"69.42d", ok},
          {" 69.42", ok},
          {"69.42", "2021-02-30T18:06:47+0000"},
          {"69.42", "1613844407"},
          {"69.42", ""}
        }) {
      assertThatThrownBy(() -> StoredReading.parse(bad[0], bad[1]))
          .as("%s / %s", bad[0], bad[1])
          .isInstanceOf(CorruptValueException.class);
    }
  }

  @Test
  void acceptsTheWholeRange() {
    assertThat(StoredReading.parse("0.0001", "2021-02-20T18:06:47+0000").latestValue())
        .isEqualTo(0.0001);
    assertThat(StoredReading.parse("100.0", "2021-02-20T18:06:47+0000").latestValue())
        .isEqualTo(100.0);
  }
}
