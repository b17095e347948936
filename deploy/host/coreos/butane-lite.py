#!/usr/bin/env python3
"""Turns day2.bu (Butane, variant fcos 1.4) into Ignition 3.3 JSON on stdout.

Butane itself is not packaged for Debian; this converts only the subset day2.bu uses
(passwd.users with ssh keys; storage.directories; storage.files with inline or local contents;
systemd.units with contents/enabled) and refuses anything else, so a key it does not know can
never be dropped silently. Local paths are read relative to --files-dir (default: the repo root).
Usage: butane-lite.py [--files-dir DIR] day2.bu > day2.ign   (make test-host validates the
output with ignition-validate).
"""
import base64
import json
import pathlib
import sys

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[3]


def only(mapping, allowed, where):
    unknown = set(mapping) - set(allowed)
    if unknown:
        sys.exit(f"butane-lite: {where}: unsupported keys {sorted(unknown)}")


def source(contents, files_dir, where):
    only(contents, {"inline", "local"}, where)
    if "inline" in contents:
        data = contents["inline"].encode()
    else:
        data = (files_dir / contents["local"]).read_bytes()
    return "data:;base64," + base64.b64encode(data).decode()


def convert(bu, files_dir):
    only(bu, {"variant", "version", "passwd", "storage", "systemd"}, "top level")
    if (bu.get("variant"), bu.get("version")) != ("fcos", "1.4.0"):
        sys.exit("butane-lite: only variant fcos, version 1.4.0")
    ign = {"ignition": {"version": "3.3.0"}}
    users = []
    for user in bu.get("passwd", {}).get("users", []):
        only(user, {"name", "ssh_authorized_keys"}, "passwd.users[]")
        users.append({"name": user["name"], "sshAuthorizedKeys": user.get("ssh_authorized_keys", [])})
    if users:
        ign["passwd"] = {"users": users}
    storage = bu.get("storage", {})
    only(storage, {"directories", "files"}, "storage")
    out = {}
    for d in storage.get("directories", []):
        only(d, {"path", "mode"}, "storage.directories[]")
        out.setdefault("directories", []).append(dict(d))
    for f in storage.get("files", []):
        only(f, {"path", "mode", "contents"}, "storage.files[]")
        entry = {"path": f["path"], "contents": {"source": source(f["contents"], files_dir, f["path"])}}
        if "mode" in f:
            entry["mode"] = f["mode"]
        out.setdefault("files", []).append(entry)
    if out:
        ign["storage"] = out
    units = []
    for u in bu.get("systemd", {}).get("units", []):
        only(u, {"name", "enabled", "contents"}, "systemd.units[]")
        units.append(dict(u))
    if units:
        ign["systemd"] = {"units": units}
    return ign


def main(argv):
    files_dir = ROOT
    if len(argv) >= 2 and argv[0] == "--files-dir":
        files_dir = pathlib.Path(argv[1])
        argv = argv[2:]
    if len(argv) != 1:
        sys.exit(__doc__)
    with open(argv[0]) as f:
        bu = yaml.safe_load(f)
    json.dump(convert(bu, files_dir), sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:])
