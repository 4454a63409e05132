#!/usr/bin/env bash
# `npm run start`: the infrastructure and every app on loopback, until Ctrl-C (or `npm run stop` elsewhere). Each app
# is supervised: one that exits is started again, alone, while everything else keeps running. CLS_START_INFRA=0
# runs the apps against servers already running, and leaves those servers running on the way out.
set -euo pipefail
# shellcheck source=apps.sh
source "$(dirname "${BASH_SOURCE[0]}")/apps.sh"
cd "$REPO_ROOT"

[[ -d node_modules ]] || { echo "[start] installing npm dependencies"; npm install --no-audit --no-fund; }
[[ "$CLS_START_INFRA" == 0 ]] || bash infra/scripts/up.sh all
dev_jwt_secret
web_session_secret
mkdir -p "$APP_RUN_DIR" "$APP_LOG_DIR"
echo $$ > "$START_PID_FILE"

# Restarts wait 1 s, then twice as long each time up to 30 s; a run that lasted a minute starts the count again.
RESTART_MIN_S=1
RESTART_MAX_S=30
STABLE_AFTER_S=60

# Runs one app (its log appended to, so a crash's last words survive the restart) until told to stop. TERM stops
# the app, then the supervisor.
supervise() {
  local name="$1"; shift
  local delay="$RESTART_MIN_S" stopping=0 child="" started code
  # Ctrl-C is this script's to handle (its trap stops every supervisor in turn), not each supervisor's.
  trap - EXIT
  trap '' INT
  trap 'stopping=1; [[ -z "$child" ]] || kill -TERM "$child" 2>/dev/null || true' TERM
  : > "$APP_LOG_DIR/$name.log"
  while ((!stopping)); do
    started=$SECONDS
    env "$@" node --conditions=development -r @swc-node/register "apps/$name/src/main.ts" >> "$APP_LOG_DIR/$name.log" 2>&1 &
    child=$!
    echo "$child" > "$APP_RUN_DIR/$name.pid"
    ((!stopping)) || break
    code=0
    # Quietly: the log line below says how it ended, without bash's own "Killed" notice.
    { wait "$child"; } 2>/dev/null || code=$?
    # Ctrl-C reaches the apps as well as this script: an app it ended is not restarted while the trap stops the rest.
    ((!stopping)) && [[ ! -e "$STOPPING_FILE" ]] || break
    ((SECONDS - started < STABLE_AFTER_S)) || delay="$RESTART_MIN_S"
    echo "[start] $name exited (code $code); restarting in $delay s (log: $APP_LOG_DIR/$name.log)"
    # In the background, so that TERM ends the pause at once.
    sleep "$delay" &
    child=$!
    wait "$child" || true
    delay=$((delay * 2 > RESTART_MAX_S ? RESTART_MAX_S : delay * 2))
  done
  # TERM interrupted the wait, not the app: give it its time to finish, as stop_pid does.
  [[ -z "$child" ]] || stop_pid "$name" "$child" > /dev/null
  rm -f "$APP_RUN_DIR/$name.pid"
}

STOPPING_FILE="$APP_RUN_DIR/stopping"
rm -f "$STOPPING_FILE"
SUPERVISORS=()
shutdown() {
  trap - INT TERM EXIT
  touch "$STOPPING_FILE"
  echo
  local pid
  for pid in "${SUPERVISORS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${SUPERVISORS[@]}"; do wait "$pid" 2>/dev/null || true; done
  stop_apps
  stop_infra
  rm -f "$START_PID_FILE" "$STOPPING_FILE"
}
trap shutdown INT TERM EXIT

start_app() {
  local name="$1"; shift
  echo "[start] starting $name (log: $APP_LOG_DIR/$name.log)"
  supervise "$name" "$@" &
  SUPERVISORS+=("$!")
}

start_app worker
start_app relay
start_app reporting PORT="$REPORTING_PORT"
start_app api PORT="$API_PORT"
# The console signs people in at the issuer (AUTH_OIDC_ISSUER) and calls the API and reporting as them.
start_app web PORT="$WEB_PORT" WEB_PUBLIC_URL="http://$CLS_HOST:$WEB_PORT" \
  WEB_API_URL="http://$CLS_HOST:$API_PORT" WEB_REPORTING_URL="http://$CLS_HOST:$REPORTING_PORT"

wait_healthy() {
  local name="$1" url="$2"
  for _ in $(seq 1 240); do
    curl -fsS "$url" > /dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "[start] $name did not become healthy in 2 minutes:"; tail -n 30 "$APP_LOG_DIR/$name.log"; exit 1
}
wait_healthy api "http://$CLS_HOST:$API_PORT/health"
wait_healthy reporting "http://$CLS_HOST:$REPORTING_PORT/health"
wait_healthy web "http://$CLS_HOST:$WEB_PORT/health"

cat <<INFO

  Contract Lifecycle Service is running.
    Console           http://$CLS_HOST:$WEB_PORT   (sign in as one of the development users below)
    API               http://$CLS_HOST:$API_PORT   (OpenAPI: http://$CLS_HOST:$API_PORT/docs)
    Reporting         http://$CLS_HOST:$REPORTING_PORT/register
    Temporal UI       http://$CLS_HOST:$CLS_TEMPORAL_UI_PORT
    Metrics           http://$CLS_HOST:$API_PORT/metrics   http://$CLS_HOST:$REPORTING_PORT/metrics
                      worker http://${METRICS_HOST:-127.0.0.1}:${WORKER_METRICS_PORT:-9464}/metrics   relay http://${METRICS_HOST:-127.0.0.1}:${RELAY_METRICS_PORT:-9465}/metrics
    Traces            OTLP/HTTP to ${OTEL_EXPORTER_OTLP_ENDPOINT:-nowhere (set OTEL_EXPORTER_OTLP_ENDPOINT)}
    Logs              $APP_LOG_DIR
  A development token:  npm run -s token -- --role commissioner --org my-council --sub alice

INFO
print_keycloak_users
echo "  Stop: Ctrl-C here, or \`npm run stop\` from another terminal."
echo

# The supervisors never end on their own; Ctrl-C or TERM interrupts this wait and the trap stops everything.
wait
