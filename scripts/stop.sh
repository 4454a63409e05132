#!/usr/bin/env bash
# `npm run stop`: stops the apps that `npm run start` started, then the infrastructure (unless CLS_START_INFRA=0).
set -euo pipefail
# shellcheck source=apps.sh
source "$(dirname "${BASH_SOURCE[0]}")/apps.sh"
# A running `npm run start` owns the shutdown: signal it and let its trap stop everything once, in order.
if [[ -f "$START_PID_FILE" ]] && kill -0 "$(cat "$START_PID_FILE")" 2>/dev/null; then
  start_pid="$(cat "$START_PID_FILE")"
  echo "[stop] asking npm run start (pid $start_pid) to shut down"
  kill -TERM "$start_pid"
  while kill -0 "$start_pid" 2>/dev/null; do sleep 0.2; done
  exit 0
fi
stop_apps
stop_infra
