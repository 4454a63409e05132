#!/usr/bin/env bash
# Stop everything and delete all local-infra data (fresh state for tests).
# Installed tools in $TOOLS_DIR are kept.
#
#   bash infra/scripts/reset.sh
set -euo pipefail

# shellcheck source=infra/scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

bash "$SCRIPTS_DIR/down.sh" all

# Refuse obviously dangerous targets.
case "$DATA_DIR" in
  / | "$REPO_ROOT" | "$REPO_ROOT/" | "$HOME" | "$INFRA_DIR"*) die "refusing to delete DATA_DIR=$DATA_DIR" ;;
esac

if [[ -x "$PG_BIN/postgres" ]]; then
  pg_resolve_dirs
  if [[ "$PG_DIRS_FALLBACK" == 1 ]]; then
    log "reset: deleting $(dirname "$PG_DATA")"
    rm -rf "$(dirname "$PG_DATA")"
  elif [[ -n "${CLS_PG_DATA_DIR:-}" ]]; then
    log "reset: deleting $PG_DATA $PG_SOCKET_DIR"
    rm -rf "$PG_DATA" "$PG_SOCKET_DIR"
  fi
fi
if [[ -e "$DATA_DIR" ]]; then
  log "reset: deleting $DATA_DIR"
  rm -rf "$DATA_DIR"
else
  log "reset: $DATA_DIR does not exist"
fi
log "reset: done (tools in $TOOLS_DIR kept)"
