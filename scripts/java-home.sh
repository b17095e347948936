#!/usr/bin/env bash
# Prints the home of a JDK 25 (the build needs it; the machine's default java may be older).
# Order: $JAVA_HOME if it is 25, then /usr/lib/jvm/*, then /opt/java/*. Exits 1 with a hint if none.
set -euo pipefail

is_jdk25() {
  local home=$1
  [[ -x "$home/bin/javac" && -f "$home/release" ]] && grep -qE '^JAVA_VERSION="25([."]|$)' "$home/release"
}

# /Library/Java/JavaVirtualMachines: macOS, where the Brewfile's temurin@25 cask installs it.
for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/* /opt/java/* /usr/local/jdk* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
  [[ -n "$candidate" && -d "$candidate" ]] || continue
  if is_jdk25 "$candidate"; then
    echo "$candidate"
    exit 0
  fi
done

echo "error: no JDK 25 found (looked at \$JAVA_HOME, /usr/lib/jvm, /opt/java)." \
  "Install Temurin 25 (e.g. apt-get install temurin-25-jdk from Adoptium's repository) or set JAVA_HOME." >&2
exit 1
