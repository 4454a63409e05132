#!/usr/bin/env bash
# Installs schemathesis (PyPI), the property-based fuzzer of the OpenAPI documents, into its own virtualenv
# under $TOOLS_DIR, so it never touches the system's Python. Idempotent: a present venv at the pinned version is
# left as it is.
#
#   bash infra/scripts/install-schemathesis.sh     # prints the path of the `st` executable
set -euo pipefail
# shellcheck source=infra/scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

SCHEMATHESIS_VERSION=4.32.5
SCHEMATHESIS_VENV="$TOOLS_DIR/schemathesis"
SCHEMATHESIS_MARKER="$SCHEMATHESIS_VENV/.version"

install_schemathesis() {
  if [[ -x "$SCHEMATHESIS_VENV/bin/st" && "$(cat "$SCHEMATHESIS_MARKER" 2>/dev/null)" == "$SCHEMATHESIS_VERSION" ]]; then
    return 0
  fi
  have python3 || die "python3 not found. Install it, e.g. 'apt-get install -y python3 python3-venv'."
  log "schemathesis: installing $SCHEMATHESIS_VERSION into $SCHEMATHESIS_VENV"
  # A half-made venv (an interrupted install) is made anew rather than patched.
  rm -rf "$SCHEMATHESIS_VENV"
  python3 -m venv "$SCHEMATHESIS_VENV" || die "python3 -m venv failed (on Debian: 'apt-get install -y python3-venv')"
  "$SCHEMATHESIS_VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION" >&2
  printf '%s\n' "$SCHEMATHESIS_VERSION" > "$SCHEMATHESIS_MARKER"
  log "schemathesis: $("$SCHEMATHESIS_VENV/bin/st" --version)"
}

mkdir -p "$TOOLS_DIR"
lockf="$TOOLS_DIR/.install-schemathesis.lock"
(
  exec 9>"$lockf"
  flock 9
  install_schemathesis
) >&2
printf '%s\n' "$SCHEMATHESIS_VENV/bin/st"
