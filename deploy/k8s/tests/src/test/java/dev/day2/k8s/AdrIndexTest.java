package dev.day2.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * docs/adr/README.md lists every ADR once, with the number, title and status the record itself
 * carries, and names no record that does not exist; every record has the MADR sections; every ADR
 * file name or number cited in the repository's Markdown exists. A new or renamed ADR fails here
 * until the index says so (the failure prints the row to add).
 */
class AdrIndexTest {
  static final Path ADR = Kustomize.HOME.resolve("docs/adr");
  static final Pattern FILE_NAME = Pattern.compile("(\\d{4})-[a-z0-9]+(?:-[a-z0-9]+)*\\.md");
  static final Pattern HEADING = Pattern.compile("\\A# (\\d{4}) — (.+)");

  /**
   * The status word(s) of {@code - Status: accepted (amends …)}: "accepted", "superseded by 0043".
   */
  static final Pattern STATUS = Pattern.compile("(?m)^- Status: ([^(;\\n]+)");

  /** {@code | [0002](0002-local-runner.md) | title | status |}. */
  static final Pattern ROW =
      Pattern.compile("(?m)^\\| \\[(\\d{4})]\\(([^)]+)\\) \\| (.+?) \\| (.+?) \\|$");

  /** An ADR file cited by path anywhere in Markdown prose or code: {@code …adr/0002-….md}. */
  static final Pattern CITED_FILE = Pattern.compile("adr/(\\d{4}-[a-z0-9-]+\\.md)");

  /** An ADR cited by number: "ADR 0002", "ADRs 0044". */
  static final Pattern CITED_NUMBER = Pattern.compile("\\bADRs? (\\d{4})\\b");

  record Adr(String number, String file, String title, String status) {
    String row() {
      return "| [" + number + "](" + file + ") | " + title + " | " + status + " |";
    }
  }

  static Map<String, Adr> records() throws IOException {
    Map<String, Adr> byFile = new TreeMap<>();
    try (Stream<Path> files = Files.list(ADR)) {
      for (Path path : files.sorted().toList()) {
        String name = path.getFileName().toString();
        if (name.equals("README.md") || !name.endsWith(".md")) {
          continue;
        }
        Matcher fileName = FILE_NAME.matcher(name);
        assertThat(fileName.matches())
            .as("docs/adr/" + name + " is named NNNN-dash-case.md (ADR 0000)")
            .isTrue();
        String text = Files.readString(path);
        Matcher heading = HEADING.matcher(text);
        assertThat(heading.find())
            .as("docs/adr/" + name + " starts with '# " + fileName.group(1) + " — <title>'")
            .isTrue();
        assertThat(heading.group(1))
            .as("docs/adr/" + name + ": the heading's number is the file's")
            .isEqualTo(fileName.group(1));
        Matcher status = STATUS.matcher(text);
        assertThat(status.find()).as("docs/adr/" + name + " has a '- Status: …' line").isTrue();
        byFile.put(
            name,
            new Adr(fileName.group(1), name, heading.group(2).strip(), status.group(1).strip()));
      }
    }
    return byFile;
  }

  /** The sections ADR 0000 asks of every record, as headings of any level. */
  static final List<String> MADR_SECTIONS =
      List.of("Context", "Considered Options", "Decision Outcome", "Consequences", "Confirmation");

  @Test
  void everyAdrHasTheMadrSections() throws IOException {
    List<String> missing = new ArrayList<>();
    for (Adr adr : records().values()) {
      String text = Files.readString(ADR.resolve(adr.file()));
      for (String section : MADR_SECTIONS) {
        if (!Pattern.compile("(?m)^#{2,4} .*" + section).matcher(text).find()) {
          missing.add("docs/adr/" + adr.file() + " has no '" + section + "' section");
        }
      }
    }
    assertThat(missing).as("MADR sections (ADR 0000)").isEmpty();
  }

  @Test
  void everyAdrHasItsOwnNumber() throws IOException {
    Map<String, String> fileByNumber = new HashMap<>();
    List<String> clashes = new ArrayList<>();
    for (Adr adr : records().values()) {
      String other = fileByNumber.putIfAbsent(adr.number(), adr.file());
      if (other != null) {
        clashes.add(adr.number() + ": " + other + " and " + adr.file());
      }
    }
    assertThat(clashes).as("ADR numbers used twice").isEmpty();
  }

  @Test
  void theIndexListsEveryAdrWithItsTitleAndStatusAndNothingElse() throws IOException {
    Map<String, Adr> records = records();
    String index = Files.readString(ADR.resolve("README.md"));
    Map<String, Adr> rows = new LinkedHashMap<>();
    Matcher row = ROW.matcher(index);
    while (row.find()) {
      Adr listed = new Adr(row.group(1), row.group(2), row.group(3).strip(), row.group(4).strip());
      assertThat(rows.put(listed.file(), listed))
          .as("docs/adr/README.md lists " + listed.file() + " once")
          .isNull();
    }
    List<String> missing =
        records.values().stream()
            .filter(adr -> !rows.containsKey(adr.file()))
            .map(adr -> "add to docs/adr/README.md: " + adr.row())
            .toList();
    List<String> extra =
        rows.keySet().stream()
            .filter(file -> !records.containsKey(file))
            .map(file -> "docs/adr/README.md lists " + file + ", which does not exist")
            .toList();
    List<String> stale =
        rows.values().stream()
            .filter(listed -> records.containsKey(listed.file()))
            .filter(listed -> !listed.equals(records.get(listed.file())))
            .map(listed ->
                "docs/adr/README.md says "
                    + listed.row()
                    + ", the record says "
                    + records.get(listed.file()).row())
            .toList();
    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(missing).as("ADRs missing from the index").isEmpty();
    soft.assertThat(extra).as("index rows naming no ADR").isEmpty();
    soft.assertThat(stale).as("index rows that disagree with their ADR").isEmpty();
    soft.assertThat(new ArrayList<>(rows.keySet()))
        .as("the index is in number order")
        .isEqualTo(rows.keySet().stream().sorted().toList());
    soft.assertAll();
  }

  @Test
  void everyAdrCitedInTheDocsExists() throws IOException {
    Map<String, Adr> records = records();
    List<String> numbers = records.values().stream().map(Adr::number).toList();
    List<String> wrong = new ArrayList<>();
    for (Path file : MarkdownFiles.all(Kustomize.HOME)) {
      String text = MarkdownFiles.prose(file, true);
      String where = Kustomize.HOME.relativize(file).toString();
      Matcher cited = CITED_FILE.matcher(text);
      while (cited.find()) {
        if (!records.containsKey(cited.group(1))) {
          wrong.add(
              where + ":" + MarkdownFiles.lineOf(text, cited.start()) + " cites " + cited.group());
        }
      }
      Matcher number = CITED_NUMBER.matcher(text);
      while (number.find()) {
        if (!numbers.contains(number.group(1))) {
          wrong.add(
              where
                  + ":"
                  + MarkdownFiles.lineOf(text, number.start())
                  + " cites "
                  + number.group());
        }
      }
    }
    assertThat(wrong).as("ADRs cited that do not exist").isEmpty();
  }
}
