package dev.day2.infra.preferences;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The AWS CLI calls of .gitlab-ci.yml: every job (hidden templates too) with its {@code extends}
 * chain merged as GitLab merges it (hashes deep-merged, the rest replaced; YAML anchors and merge
 * keys are resolved by the parser), then every {@code aws <service> <command> ...} in its
 * before_script, script and after_script, split into words as the shell would.
 */
final class GitLabPipeline {
  private static final Set<String> NOT_JOBS =
      Set.of("workflow", "stages", "variables", "default", "include", "image", "services", "cache");
  private static final Pattern AWS = Pattern.compile("(?:^|[\\s;&|(`])aws\\s+");

  /** One CLI call: the job it is in and its words after {@code aws}. */
  record Call(String job, List<String> words) {
    String service() {
      return words.get(0);
    }

    String command() {
      return words.size() > 1 ? words.get(1) : "";
    }

    /** The value after {@code flag}, or null. */
    String option(String flag) {
      int i = words.indexOf(flag);
      return i >= 0 && i + 1 < words.size() ? words.get(i + 1) : null;
    }

    boolean has(String flag) {
      return words.contains(flag);
    }

    @Override
    public String toString() {
      return job + ": aws " + String.join(" ", words);
    }
  }

  private GitLabPipeline() {}

  @SuppressWarnings("unchecked")
  static Map<String, Map<String, Object>> jobs(Path file) throws IOException {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    Map<String, Object> yaml = new Yaml(options).load(Files.readString(file));
    Map<String, Map<String, Object>> raw = new LinkedHashMap<>();
    yaml.forEach((name, value) -> {
      if (!NOT_JOBS.contains(name) && value instanceof Map<?, ?> job) {
        raw.put(name, (Map<String, Object>) job);
      }
    });
    Map<String, Map<String, Object>> resolved = new LinkedHashMap<>();
    for (String name : raw.keySet()) {
      resolved.put(name, resolve(name, raw, new ArrayList<>()));
    }
    return resolved;
  }

  private static Map<String, Object> resolve(
      String name, Map<String, Map<String, Object>> raw, List<String> seen) {
    if (seen.contains(name)) {
      throw new IllegalStateException("extends loop: " + seen + " -> " + name);
    }
    seen.add(name);
    Map<String, Object> job = raw.get(name);
    if (job == null) {
      throw new IllegalStateException("extends names an unknown job: " + name);
    }
    Object parents = job.get("extends");
    List<String> chain =
        parents == null
            ? List.of()
            : parents instanceof List<?> list
                ? list.stream().map(String::valueOf).toList()
                : List.of(String.valueOf(parents));
    Map<String, Object> merged = new LinkedHashMap<>();
    for (String parent : chain) {
      merged = deepMerge(merged, resolve(parent, raw, new ArrayList<>(seen)));
    }
    return deepMerge(merged, job);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> deepMerge(Map<String, Object> base, Map<String, Object> over) {
    Map<String, Object> out = new LinkedHashMap<>(base);
    over.forEach((key, value) -> {
      if (value instanceof Map<?, ?> m && out.get(key) instanceof Map<?, ?> b) {
        out.put(key, deepMerge((Map<String, Object>) b, (Map<String, Object>) m));
      } else {
        out.put(key, value);
      }
    });
    return out;
  }

  /** Every AWS CLI call of every job, in script order. */
  static List<Call> awsCalls(Path file) throws IOException {
    List<Call> calls = new ArrayList<>();
    jobs(file)
        .forEach((name, job) -> {
          for (String key : List.of("before_script", "script", "after_script")) {
            for (String line : lines(job.get(key))) {
              Matcher m = AWS.matcher(line);
              while (m.find()) {
                calls.add(new Call(name, words(line.substring(m.end()))));
              }
            }
          }
        });
    return calls;
  }

  /** {@code export NAME="value"} assignments of a job's scripts, for resolving variables. */
  static Map<String, String> exports(Map<String, Object> job) {
    Map<String, String> values = new LinkedHashMap<>();
    Pattern export = Pattern.compile("export\\s+([A-Z_][A-Z0-9_]*)=\"?([^\"\\s]*)\"?");
    for (String key : List.of("before_script", "script")) {
      for (String line : lines(job.get(key))) {
        Matcher m = export.matcher(line);
        while (m.find()) {
          values.put(m.group(1), m.group(2));
        }
      }
    }
    return values;
  }

  private static List<String> lines(Object script) {
    List<String> lines = new ArrayList<>();
    if (script instanceof List<?> list) {
      for (Object item : list) {
        lines.addAll(lines(item)); // nested lists come from !reference / anchors
      }
    } else if (script != null) {
      lines.add(String.valueOf(script));
    }
    return lines;
  }

  /** Shell words up to the end of the command ({@code ) ; | &&} or a newline). */
  static List<String> words(String rest) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    char quote = 0;
    boolean inWord = false;
    for (int i = 0; i < rest.length(); i++) {
      char c = rest.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
        continue;
      }
      if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
        continue;
      }
      if (c == ')' || c == ';' || c == '|' || c == '&' || c == '\n' || c == '`') {
        break;
      }
      if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
        continue;
      }
      word.append(c);
      inWord = true;
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }
}
