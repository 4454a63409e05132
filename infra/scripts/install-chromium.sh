#!/usr/bin/env bash
# Debian's Chromium, for the console's browser tests: Playwright drives it through its executable path
# (CLS_CHROMIUM, default /usr/bin/chromium) and never downloads a browser of its own.
#
#   bash infra/scripts/install-chromium.sh
#
# Idempotent: nothing happens when the executable is already there.
set -euo pipefail

# shellcheck source=infra/scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

CLS_CHROMIUM="${CLS_CHROMIUM:-/usr/bin/chromium}"

chromium_version() {
  # Debian's wrapper script prints a shell warning on some machines before the version; the version line is last.
  "$CLS_CHROMIUM" --version 2>/dev/null | tail -n 1
}

if [[ -x "$CLS_CHROMIUM" ]]; then
  log "chromium: $(chromium_version) already installed ($CLS_CHROMIUM)"
  exit 0
fi
cmd="apt-get update && apt-get install -y --no-install-recommends chromium"
is_root || die "chromium: $CLS_CHROMIUM not found. Run as root: $cmd  (or point CLS_CHROMIUM at a Chromium executable)"
have apt-get || die "chromium: $CLS_CHROMIUM missing and apt-get not available; install Chromium and set CLS_CHROMIUM"
log "chromium: installing Debian's chromium via apt-get (a minute or two)..."
export DEBIAN_FRONTEND=noninteractive
apt-get update 2>&1 | sed 's/^/[infra]   apt: /' || true
apt-get install -y --no-install-recommends chromium 2>&1 | grep -E '^(Setting up chromium|E:)' | sed 's/^/[infra]   apt: /' || true
[[ -x "$CLS_CHROMIUM" ]] || die "chromium: installation failed; try manually: $cmd"
log "chromium: installed $(chromium_version)"
