package dev.day2.local;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Turns one line a service logged into the line {@code make run}'s terminal shows. The services log
 * one JSON object per line (for {@code make logs} and Loki, kept as they are in {@code .run/logs});
 * a person reading the terminal wants {@code time name LEVEL message}, with the level in colour
 * when the terminal has colour. Lines that are not a service's JSON (HAProxy, Varnish, Redis) pass
 * through unchanged.
 */
final class ConsoleLines {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
  private static final String RESET = "\u001b[0m";

  private final boolean colour;

  ConsoleLines(boolean colour) {
    this.colour = colour;
  }

  /** Colour when a person is looking at a terminal that can show it (and NO_COLOR is not set). */
  static ConsoleLines forThisTerminal() {
    String term = System.getenv().getOrDefault("TERM", "");
    boolean tty = System.console() != null && System.console().isTerminal();
    return new ConsoleLines(tty && !term.equals("dumb") && System.getenv("NO_COLOR") == null);
  }

  String format(String name, String line) {
    String prefix = String.format("%-14s| ", name);
    if (!line.startsWith("{")) {
      return prefix + line;
    }
    Map<String, Object> json;
    try {
      json = Json.parseObject(line);
    } catch (IllegalArgumentException notJson) {
      return prefix + line;
    }
    Object level = json.get("level");
    Object message = json.get("message");
    if (!(level instanceof String) || !(message instanceof String)) {
      return prefix + line;
    }
    StringBuilder out = new StringBuilder(prefix);
    out.append(time(json.get("timestamp"))).append(' ');
    out.append(paint((String) level, String.format("%-5s", level))).append(' ');
    out.append(message);
    if (json.get("exception") instanceof Map<?, ?> exception) {
      out.append(" [");
      describe(out, exception);
      Map<?, ?> root = rootCause(exception);
      if (root != exception) {
        // "Failed to start quarkus" says nothing; the innermost cause says why
        out.append(" <- caused by ");
        describe(out, root);
      }
      out.append(']');
    }
    return out.toString();
  }

  private static void describe(StringBuilder out, Map<?, ?> exception) {
    out.append(exception.get("exceptionType"));
    if (exception.get("message") != null) {
      out.append(": ").append(exception.get("message"));
    }
  }

  /** JSON logging nests each cause as {@code "causedBy": {"exception": {...}}}. */
  private static Map<?, ?> rootCause(Map<?, ?> exception) {
    Map<?, ?> current = exception;
    for (int depth = 0; depth < 32; depth++) {
      if (current.get("causedBy") instanceof Map<?, ?> causedBy
          && causedBy.get("exception") instanceof Map<?, ?> cause) {
        current = cause;
      } else {
        break;
      }
    }
    return current;
  }

  private static String time(Object timestamp) {
    if (timestamp instanceof String text) {
      try {
        return TIME.format(Instant.parse(text));
      } catch (DateTimeParseException ignored) {
        return text;
      }
    }
    return "--:--:--.---";
  }

  private String paint(String level, String text) {
    if (!colour) {
      return text;
    }
    String code =
        switch (level) {
          case "ERROR", "FATAL" -> "\u001b[31m";
          case "WARN", "WARNING" -> "\u001b[33m";
          case "DEBUG", "TRACE" -> "\u001b[2m";
          default -> "\u001b[32m";
        };
    return code + text + RESET;
  }
}
