#!/usr/bin/env bash
# Functions base.sh and infra.sh share to make images without a registry: a root directory with
# only the files a program needs (the program, the shared libraries it links against, /etc files),
# imported as a one-layer image. Sourced, not run. Needs ENGINE (podman or docker).

# Copies each file and the shared libraries it links against (ldd) into the root DIR.
copy_with_libs() {
  local dir="$1"; shift
  local libs
  libs=$(ldd "$@" 2>/dev/null | awk '/=> \//{print $3} /^\s*\/lib64/{print $1}' | sort -u)
  for lib in $libs /lib64/ld-linux-x86-64.so.2; do
    mkdir -p "$dir$(dirname "$lib")"
    cp -L "$lib" "$dir$lib"
  done
}

# /etc files a process expects: users (those of the official images: haproxy 99, postgres and
# redis 999, varnish 1000, the services 10001, nobody 65534), name resolution order, a /tmp.
common_root() {
  local dir="$1"
  mkdir -p "$dir/etc" "$dir/tmp" "$dir/lib64"
  chmod 1777 "$dir/tmp"
  printf '%s\n' 'root:x:0:0:root:/root:/sbin/nologin' 'haproxy:x:99:99:haproxy:/var/lib/haproxy:/sbin/nologin' \
    'redis:x:999:999:redis:/data:/sbin/nologin' 'app:x:10001:10001:app:/tmp:/sbin/nologin' \
    'nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin' >"$dir/etc/passwd"
  printf '%s\n' 'root:x:0:' 'haproxy:x:99:' 'redis:x:999:' 'app:x:10001:' 'nogroup:x:65534:' >"$dir/etc/group"
  printf 'hosts: files dns\n' >"$dir/etc/nsswitch.conf"
}

# Imports the root DIR as IMAGE; further arguments are `--change` options of `podman import`.
import_root() {
  local dir="$1" image="$2"; shift 2
  tar -C "$dir" --numeric-owner -c . | "$ENGINE" import -q "$@" - "$image" >/dev/null
  echo "base: built $image ($(image_size "$image"))"
}

image_size() { "$ENGINE" image inspect --format '{{.Size}}' "$1" | awk '{printf "%.0f MB", $1/1e6}'; }
exists() { "$ENGINE" image exists "$1" 2>/dev/null; }
