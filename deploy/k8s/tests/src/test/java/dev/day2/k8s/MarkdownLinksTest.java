package dev.day2.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in every Markdown file of the repository points at a file or directory that
 * exists. Web links ({@code http(s):}, {@code mailto:}) and same-page anchors are not checked; the
 * anchor part of a link to another file is ignored. Code blocks and code spans are not links.
 */
class MarkdownLinksTest {
  static final Path HOME = Kustomize.HOME;

  /** {@code [text](target "title")} and {@code ![alt](target)}. */
  static final Pattern INLINE =
      Pattern.compile("!?\\[[^\\]]*]\\(\\s*(<[^>]*>|[^)\\s]+)(?:\\s+\"[^\"]*\")?\\s*\\)");

  /** {@code [id]: target} reference definitions. */
  static final Pattern REFERENCE = Pattern.compile("(?m)^ {0,3}\\[[^\\]]+]:\\s*(<[^>]*>|\\S+)");

  /** {@code <a href="…">}, {@code <img src="…">}. */
  static final Pattern HTML = Pattern.compile("(?:href|src)\\s*=\\s*\"([^\"]*)\"");

  static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

  @Test
  void everyRelativeLinkInEveryMarkdownFileResolves() {
    List<String> broken = new ArrayList<>();
    int checked = 0;
    List<Path> files = MarkdownFiles.all(HOME);
    for (Path file : files) {
      String text = MarkdownFiles.prose(file, false);
      for (Pattern pattern : List.of(INLINE, REFERENCE, HTML)) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
          String target = target(m.group(1));
          if (target == null) {
            continue;
          }
          checked++;
          Path resolved =
              (target.startsWith("/")
                      ? HOME.resolve(target.substring(1))
                      : file.getParent().resolve(target))
                  .normalize();
          if (!resolved.startsWith(HOME) || !Files.exists(resolved)) {
            broken.add(
                HOME.relativize(file)
                    + ":"
                    + MarkdownFiles.lineOf(text, m.start())
                    + " links to "
                    + m.group(1)
                    + (resolved.startsWith(HOME) ? "" : " (outside the repository)"));
          }
        }
      }
    }
    assertThat(files).as("Markdown files found under " + HOME).hasSizeGreaterThan(20);
    assertThat(checked).as("relative links checked").isGreaterThan(100);
    assertThat(broken).as("links to files that do not exist").isEmpty();
  }

  /** The path part of a link, or null when it is not a link to a file of this repository. */
  static String target(String raw) {
    String link = raw.strip();
    if (link.startsWith("<") && link.endsWith(">")) {
      link = link.substring(1, link.length() - 1).strip();
    }
    if (link.isEmpty()
        || link.startsWith("#")
        || link.startsWith("//")
        || SCHEME.matcher(link).find()) {
      return null;
    }
    int cut = indexOfAny(link, '#', '?');
    if (cut >= 0) {
      link = link.substring(0, cut);
    }
    return link.isEmpty()
        ? null
        : URLDecoder.decode(link.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static int indexOfAny(String s, char a, char b) {
    int i = s.indexOf(a);
    int j = s.indexOf(b);
    return i < 0 ? j : (j < 0 ? i : Math.min(i, j));
  }

  @Test
  void theCheckerReadsEveryLinkFormAndSkipsWebLinksAndAnchors() {
    assertThat(target("../adr/0002-local-runner.md#decision"))
        .isEqualTo("../adr/0002-local-runner.md");
    assertThat(target("<docs/a b.md>")).isEqualTo("docs/a b.md");
    assertThat(target("docs/a%20b.md")).isEqualTo("docs/a b.md");
    assertThat(target("https://example.org/x.md")).isNull();
    assertThat(target("mailto:ops@example.org")).isNull();
    assertThat(target("#status")).isNull();
    Matcher inline =
        INLINE.matcher("see [the ADR](adr/0002-local-runner.md \"title\") and ![x](img.png)");
    assertThat(inline.find()).isTrue();
    assertThat(inline.group(1)).isEqualTo("adr/0002-local-runner.md");
    assertThat(inline.find()).isTrue();
    assertThat(inline.group(1)).isEqualTo("img.png");
    Matcher reference = REFERENCE.matcher("text\n[madr]: adr/0000-use-madr.md\n");
    assertThat(reference.find()).isTrue();
    assertThat(reference.group(1)).isEqualTo("adr/0000-use-madr.md");
  }
}
