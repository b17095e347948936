#!/usr/bin/env python3
"""Where a service spent its CPU, by subsystem, from a JFR recording (bench.sh, BENCH_JFR=1).

    bench/jfr-summary.py JFR_BIN RECORDING.jfr

Reads the jdk.ExecutionSample events (`jfr print --json`) and prints, per subsystem, its share of
the samples two ways: "self" charges a sample to the subsystem of the top-most frame outside the
JDK (the library that was running, or that called into the JDK); "total" counts every sample with
any frame of that subsystem on the stack (the access log's total includes the JSON formatting and
the console write it causes). Largest self share first.
"""
import json
import subprocess
import sys
from collections import Counter

# (subsystem, prefixes of a frame's "package.Class.method"); the first match walking down wins.
SUBSYSTEMS = [
    ("access log", ("io.quarkus.vertx.http.runtime.filters.accesslog", "io.quarkus.vertx.http.runtime.attribute")),
    ("logging (JSON console)", ("org.jboss.logmanager", "io.quarkus.logging.json", "org.jboss.logging", "org.eclipse.parsson")),
    ("metrics (Micrometer)", ("io.micrometer", "io.quarkus.micrometer")),
    ("JWT / crypto", ("io.smallrye.jwt", "org.jose4j", "sun.security", "java.security", "javax.crypto", "com.sun.crypto")),
    ("PostgreSQL driver / pool", ("org.postgresql", "io.agroal", "io.vertx.pgclient", "io.vertx.sqlclient")),
    ("Redis client", ("io.vertx.redis", "io.quarkus.redis")),
    ("JSON (Jackson)", ("com.fasterxml.jackson",)),
    ("REST (RESTEasy Reactive)", ("org.jboss.resteasy.reactive", "io.quarkus.resteasy.reactive")),
    ("Day2 code", ("dev.day2.",)),
    ("context propagation / CDI", ("io.smallrye.context", "io.quarkus.arc", "io.smallrye.mutiny")),
    ("HTTP server (Vert.x, Netty)", ("io.vertx", "io.netty", "io.quarkus.vertx")),
    ("JDK (collections, strings, time)", ("java.", "jdk.", "sun.")),
]


def names(frames):
    for frame in frames:
        method = frame.get("method", {})
        yield (method.get("type") or {}).get("name", "").replace("/", ".") + "." + method.get("name", "")


def subsystem_of(name):
    for subsystem, prefixes in SUBSYSTEMS:
        if name.startswith(prefixes):
            return subsystem
    return "other"


def self_subsystem(stack):
    for name in stack:
        if not name.startswith(("java.", "jdk.", "sun.")):
            return subsystem_of(name)
    return "JDK (collections, strings, time)"


def main():
    jfr, recording = sys.argv[1], sys.argv[2]
    out = subprocess.run([jfr, "print", "--json", "--stack-depth", "64", "--events", "jdk.ExecutionSample", recording],
                         check=True, capture_output=True, text=True).stdout
    events = json.loads(out)["recording"]["events"]
    stacks = [list(names(e["values"]["stackTrace"]["frames"])) for e in events if e["values"].get("stackTrace")]
    own = Counter(self_subsystem(stack) for stack in stacks)
    total = Counter(sub for stack in stacks for sub in {subsystem_of(name) for name in stack})
    n = len(stacks) or 1
    print(f"{len(stacks)} CPU samples (top 64 frames each)")
    print("  self  total  subsystem")
    for subsystem, count in own.most_common():
        print(f"{100 * count / n:5.1f}% {100 * total[subsystem] / n:5.1f}%  {subsystem}")
    for subsystem, _ in SUBSYSTEMS:
        if subsystem not in own and total[subsystem]:
            print(f"{0:5.1f}% {100 * total[subsystem] / n:5.1f}%  {subsystem}")


if __name__ == "__main__":
    main()
