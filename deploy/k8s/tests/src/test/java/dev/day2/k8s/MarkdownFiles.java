package dev.day2.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Every Markdown file of the repository, and its prose with the code taken out. */
final class MarkdownFiles {
  /** Build output, installed packages and run data: not the repository's documentation. */
  static final Set<String> SKIPPED_DIRS = Set.of("target", "node_modules", "cdk.out");

  /** Hidden directories that are part of the repository (the rest are tools' and runs' data). */
  static final Set<String> KEPT_HIDDEN_DIRS = Set.of(".github", ".devcontainer", ".ci");

  private static final Pattern FENCE = Pattern.compile("^\\s{0,3}(```|~~~)");
  private static final Pattern CODE_SPAN = Pattern.compile("``[^`]+``|`[^`\\n]+`");

  private MarkdownFiles() {}

  static List<Path> all(Path root) {
    List<Path> found = new ArrayList<>();
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
              boolean hidden = name.startsWith(".") && !KEPT_HIDDEN_DIRS.contains(name);
              if (!dir.equals(root) && (hidden || SKIPPED_DIRS.contains(name))) {
                return FileVisitResult.SKIP_SUBTREE;
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              if (file.getFileName().toString().endsWith(".md")) {
                found.add(file);
              }
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return found;
  }

  /** The text without fenced code blocks; with {@code keepCodeSpans} false, without `code` too. */
  static String prose(Path file, boolean keepCodeSpans) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StringBuilder out = new StringBuilder();
    String fence = null;
    for (String line : lines) {
      var m = FENCE.matcher(line);
      if (fence == null && m.find()) {
        fence = m.group(1);
        out.append('\n');
        continue;
      }
      if (fence != null) {
        if (line.strip().startsWith(fence)) {
          fence = null;
        }
        out.append('\n'); // keep line numbers
        continue;
      }
      out.append(keepCodeSpans ? line : CODE_SPAN.matcher(line).replaceAll("")).append('\n');
    }
    return out.toString();
  }

  static int lineOf(String text, int index) {
    int line = 1;
    for (int i = 0; i < index; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }
}
