#!/usr/bin/env bash
# `npm run start`: the infrastructure and every app on loopback, until Ctrl-C (or `npm run stop` elsewhere).
set -euo pipefail
# shellcheck source=apps.sh
source "$(dirname "${BASH_SOURCE[0]}")/apps.sh"
cd "$REPO_ROOT"

[[ -d node_modules ]] || { echo "[start] installing npm dependencies"; npm install --no-audit --no-fund; }
bash infra/scripts/up.sh
dev_jwt_secret
mkdir -p "$APP_RUN_DIR" "$APP_LOG_DIR"
echo $$ > "$START_PID_FILE"

shutdown() {
  trap - INT TERM EXIT
  echo
  stop_apps
  bash infra/scripts/down.sh
  rm -f "$START_PID_FILE"
}
trap shutdown INT TERM EXIT

start_app() {
  local name="$1"; shift
  echo "[start] starting $name (log: $APP_LOG_DIR/$name.log)"
  env "$@" node --conditions=development -r @swc-node/register "apps/$name/src/main.ts" > "$APP_LOG_DIR/$name.log" 2>&1 &
  echo $! > "$APP_RUN_DIR/$name.pid"
}

start_app worker
start_app relay
start_app reporting PORT="$REPORTING_PORT"
start_app api PORT="$API_PORT"

wait_healthy() {
  local name="$1" url="$2"
  for _ in $(seq 1 240); do
    curl -fsS "$url" > /dev/null 2>&1 && return 0
    kill -0 "$(cat "$APP_RUN_DIR/$name.pid")" 2>/dev/null || { echo "[start] $name exited:"; tail -n 30 "$APP_LOG_DIR/$name.log"; exit 1; }
    sleep 0.5
  done
  echo "[start] $name did not become healthy:"; tail -n 30 "$APP_LOG_DIR/$name.log"; exit 1
}
wait_healthy api "http://$CLS_HOST:$API_PORT/health"
wait_healthy reporting "http://$CLS_HOST:$REPORTING_PORT/health"

cat <<INFO

  Contract Lifecycle Service is running.
    API               http://$CLS_HOST:$API_PORT   (OpenAPI: http://$CLS_HOST:$API_PORT/docs)
    Reporting         http://$CLS_HOST:$REPORTING_PORT/register
    Temporal UI       http://$CLS_HOST:$CLS_TEMPORAL_UI_PORT
    Logs              $APP_LOG_DIR
  A development token:  npm run -s token -- --role commissioner --org my-council --sub alice
  Stop: Ctrl-C here, or \`npm run stop\` from another terminal.

INFO

# Wait for any app to exit (or for Ctrl-C); either way the trap stops everything.
wait -n
echo "[start] an app exited unexpectedly; see $APP_LOG_DIR"
