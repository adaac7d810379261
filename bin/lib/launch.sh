#!/usr/bin/env bash
# Shared by the bin/ launchers: build the module's runnable jar on first use, then exec java -jar.
# Usage (from a launcher): launch <module> <jar-name> "$@"
#   JAVA_OPTS             JVM flags; when set they replace the launcher's defaults
#   DSM_JVM_OPTIONS_FILE  a java @argfile with the defaults (used when JAVA_OPTS is not set)
#   JAVA                  the java executable (default: java on PATH)
set -euo pipefail

DSM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# The JVM decodes environment variables, arguments and file names with the locale's charset
# (JDK 17), so under env -i, cron or systemd (locale "C" = ASCII) a topic filter such as 'ü/测试'
# would arrive as '??/??????'. Switch to C.UTF-8 unless the effective LC_CTYPE already is UTF-8.
dsm_force_utf8_locale() {
  local ctype="${LC_ALL:-${LC_CTYPE:-${LANG:-}}}"
  case "$ctype" in
    *[Uu][Tt][Ff]-8* | *[Uu][Tt][Ff]8*) ;;
    *)
      export LC_ALL=C.UTF-8
      export LANG="${LANG:-C.UTF-8}"
      ;;
  esac
}

launch() {
  local module="$1" jar_name="$2"
  shift 2
  local jar="$DSM_ROOT/$module/target/$jar_name"
  if [[ ! -f "$jar" || -n "${DSM_REBUILD:-}" ]]; then
    echo "[$(basename "$0")] building $module (first use; takes a minute)..." >&2
    (cd "$DSM_ROOT" && ./mvnw -B -q -ntp -DskipTests -Dspotless.check.skip=true -pl "$module" -am package >&2)
  fi
  dsm_force_utf8_locale
  # The encoding flags come first so that JAVA_OPTS can still override them.
  local -a jvm_args=(-Dfile.encoding=UTF-8 -Dsun.jnu.encoding=UTF-8)
  local -a opts=()
  if [[ -n "${JAVA_OPTS:-}" ]]; then
    read -r -a opts <<< "$JAVA_OPTS"
  elif [[ -n "${DSM_JVM_OPTIONS_FILE:-}" ]]; then
    opts=("@$DSM_JVM_OPTIONS_FILE")
  fi
  jvm_args+=(${opts[@]+"${opts[@]}"})
  exec "${JAVA:-java}" "${jvm_args[@]}" -jar "$jar" "$@"
}
