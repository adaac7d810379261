#!/usr/bin/env bash
# Shared by the bin/ launchers: build the module's runnable jar on first use, then exec java -jar.
# Usage (from a launcher): launch <module> <jar-name> "$@"
set -euo pipefail

DSM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

launch() {
  local module="$1" jar_name="$2"
  shift 2
  local jar="$DSM_ROOT/$module/target/$jar_name"
  if [[ ! -f "$jar" || -n "${DSM_REBUILD:-}" ]]; then
    echo "[$(basename "$0")] building $module (first use; takes a minute)..." >&2
    (cd "$DSM_ROOT" && ./mvnw -B -q -ntp -DskipTests -Dspotless.check.skip=true -pl "$module" -am package >&2)
  fi
  # JAVA_OPTS lets operators tune the JVM; the defaults keep a small footprint (see docs).
  # shellcheck disable=SC2086
  exec "${JAVA:-java}" ${JAVA_OPTS:-} -jar "$jar" "$@"
}
