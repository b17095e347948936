package dev.day2.wrpi.updater;

import java.util.OptionalInt;

/** The command line: nothing (run once) or {@code --loop <seconds>}. */
record Arguments(OptionalInt loopSeconds) {
  static Arguments parse(String... args) {
    if (args.length == 0 || (args.length == 1 && args[0].isEmpty())) {
      return new Arguments(OptionalInt.empty());
    }
    if (args.length != 2 || !"--loop".equals(args[0])) {
      throw new IllegalArgumentException("unexpected arguments " + String.join(" ", args));
    }
    try {
      int seconds = Integer.parseInt(args[1]);
      if (seconds >= 1 && seconds <= 86_400) {
        return new Arguments(OptionalInt.of(seconds));
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new IllegalArgumentException(
        "--loop needs a whole number of seconds from 1 to 86400, got \"" + args[1] + "\"");
  }
}
