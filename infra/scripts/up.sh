#!/usr/bin/env bash
# Start the local infrastructure in the background (installing what is missing).
#
#   bash infra/scripts/up.sh [postgres] [temporal] [kafka] [keycloak] | all
#
# Default: postgres, temporal and kafka; Keycloak starts when named, or with `all`.
# Idempotent: services that are already running are left alone (only their
# readiness is re-checked). Data lives in $CLS_DATA_DIR (default <repo>/.data)
# and is reused across restarts; pid files in $DATA_DIR/run, logs in $DATA_DIR/logs.
set -euo pipefail

# shellcheck source=infra/scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

usage() {
  cat <<EOF
usage: $(basename "$0") [postgres] [temporal] [kafka] [keycloak] | all
Starts the given services (default: postgres temporal kafka) and waits until they are ready.
EOF
}

# launch_bg PIDFILE LOGFILE CMD...: start CMD detached (own session, stdin
# from /dev/null, output appended to LOGFILE) so it outlives this script and
# is not hit by Ctrl-C in the calling terminal. The child writes its own pid
# (exec keeps it), so PIDFILE is exactly the service process.
launch_bg() {
  local pidfile="$1" logf="$2" i
  shift 2
  rm -f "$pidfile"
  printf '\n===== [infra] %s starting: %s\n' "$(date '+%F %T')" "$*" >>"$logf"
  # 9>&-: do not leak our lock fd into the long-running service.
  # shellcheck disable=SC2016 # expanded by the inner bash
  setsid bash -c 'echo "$$" >"$0"; exec "$@"' "$pidfile" "$@" \
    </dev/null >>"$logf" 2>&1 9>&- &
  for i in $(seq 1 100); do
    [[ -s "$pidfile" ]] && return 0
    sleep 0.05
    : "$i"
  done
  die "could not start: $*"
}

# Ports a service was started with are recorded in $RUN_DIR/<svc>.ports so a
# later up.sh with different CLS_*_PORT values does not silently report the
# old instance (or someone else's server on the new port) as ready.
want_ports() {
  case "$1" in
    postgres) printf '%s\n' "$CLS_PG_PORT" ;;
    temporal)
      printf '%s %s\n' "$CLS_TEMPORAL_PORT" \
        "$([[ "$CLS_TEMPORAL_HEADLESS" == 1 ]] && echo headless || echo "$CLS_TEMPORAL_UI_PORT")"
      ;;
    kafka) printf '%s %s%s\n' "$CLS_KAFKA_PORT" "$CLS_KAFKA_CONTROLLER_PORT" "$([[ "$CLS_KAFKA_BROKERS" == 1 ]] || echo " x$CLS_KAFKA_BROKERS")" ;;
    keycloak) printf '%s\n' "$CLS_KEYCLOAK_PORT" ;;
  esac
}

record_ports() { want_ports "$1" >"$RUN_DIR/$1.ports"; }

# already_running NAME PID: log it, or die if it runs with other ports.
already_running() {
  local have
  have="$(cat "$RUN_DIR/$1.ports" 2>/dev/null || true)"
  if [[ -n "$have" && "$have" != "$(want_ports "$1")" ]]; then
    die "$1: already running (pid $2) with ports '$have', but ports '$(want_ports "$1")' were requested; run 'bash infra/scripts/down.sh $1' first"
  fi
  log "$1: already running (pid $2)"
}

# port_owner PORT: describe who listens on PORT (best effort).
port_owner() {
  if have ss; then
    ss -Hltnp "sport = :$1" 2>/dev/null | sed -n 's/.*users:((\(.*\)))/\1/p' | head -n1
  fi
}

# require_free_port NAME PORT ENVVAR
require_free_port() {
  if port_open "$2"; then
    die "$1: port $2 on $CLS_HOST is already in use${3:+ ($(port_owner "$2"))}. Stop that process or choose another port with $3=<port>."
  fi
}

# wait_ready NAME ALIVE_FN CHECK_FN LOGFILE...: poll CHECK_FN until it
# succeeds; fail early if ALIVE_FN says the process died, or after
# $CLS_START_TIMEOUT seconds. On failure prints the tail of the logs.
wait_ready() {
  local name="$1" alive_fn="$2" check_fn="$3" t0 f
  shift 3
  t0="$(now_ms)"
  while true; do
    if "$check_fn"; then
      log "$name: ready after $(($(now_ms) - t0))ms of waiting"
      return 0
    fi
    if ! "$alive_fn"; then
      log "$name: the process exited during start-up"
      for f in "$@"; do show_log_tail "$f" 40; done
      return 1
    fi
    if (($(now_ms) - t0 > CLS_START_TIMEOUT * 1000)); then
      log "$name: not ready after ${CLS_START_TIMEOUT}s (CLS_START_TIMEOUT)"
      for f in "$@"; do show_log_tail "$f" 40; done
      log "$name: it may still be starting; 'bash infra/scripts/down.sh $name' stops it"
      return 1
    fi
    sleep 0.25
  done
}

# ---------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------
PG_LAUNCHED_AT=0

pg_write_conf() {
  # Settings we own; postgresql.conf includes this file. Rewritten on every
  # start so the port etc. follow the environment.
  cat >"$PG_DATA/cls-infra.conf" <<EOF
# Written by infra/scripts/up.sh on every start -- do not edit.
# Throwaway dev/test cluster: durability is traded for speed.
listen_addresses = '$CLS_HOST'
port = $CLS_PG_PORT
unix_socket_directories = '$PG_SOCKET_DIR'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
# PostgreSQL's default (128MB) is sized to start on the smallest machine. A server sized for this service keeps
# its working set in shared buffers (a quarter of memory is the usual rule); the benchmark's million events are
# about 1 GB, read otherwise from the OS page cache a syscall and a copy per page.
shared_buffers = ${CLS_PG_SHARED_BUFFERS:-2GB}
EOF
  # Trust auth: only reachable from 127.0.0.1 and the private socket dir.
  cat >"$PG_DATA/pg_hba.conf" <<EOF
# Written by infra/scripts/up.sh -- throwaway local cluster, trust auth.
# TYPE  DATABASE  USER  ADDRESS        METHOD
local   all       all                  trust
host    all       all   127.0.0.1/32   trust
EOF
  if is_root; then
    chown "$PG_OS_USER:" "$PG_DATA/cls-infra.conf" "$PG_DATA/pg_hba.conf"
  fi
  chmod 0600 "$PG_DATA/cls-infra.conf" "$PG_DATA/pg_hba.conf"
}

pg_init_cluster() {
  if [[ -f "$PG_DATA/PG_VERSION" ]]; then
    log "postgres: reusing cluster in $PG_DATA"
    return 0
  fi
  if [[ -d "$PG_DATA" ]] && [[ -n "$(ls -A "$PG_DATA" 2>/dev/null)" ]]; then
    die "postgres: $PG_DATA exists, is not empty and is not a PostgreSQL cluster; remove it (bash infra/scripts/reset.sh)"
  fi
  log "postgres: initdb (first start) in $PG_DATA as OS user '$PG_OS_USER'"
  ensure_dir "$(dirname "$PG_DATA")"
  mkdir -p "$PG_DATA"
  if is_root; then chown "$PG_OS_USER:" "$PG_DATA"; fi
  chmod 0700 "$PG_DATA"
  if ! pg_as_owner "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust \
    --encoding=UTF8 --no-locale --no-instructions >>"$PG_LOG" 2>&1; then
    show_log_tail "$PG_LOG" 30
    die "postgres: initdb failed"
  fi
  printf "\n# Added by infra/scripts/up.sh\ninclude_if_exists = 'cls-infra.conf'\n" >>"$PG_DATA/postgresql.conf"
}

start_postgres() {
  pg_resolve_dirs
  if [[ "$PG_DIRS_FALLBACK" == 1 ]]; then
    warn "postgres: the '$PG_OS_USER' OS user cannot traverse $DATA_DIR (a parent directory is not world-executable), so the cluster lives in $(dirname "$PG_DATA") instead. Set CLS_DATA_DIR or CLS_PG_DATA_DIR to a reachable path to choose."
  fi
  local pid
  pid="$(pg_postmaster_pid)"
  if [[ -n "$pid" ]]; then
    already_running postgres "$pid"
    return 0
  fi
  require_free_port postgres "$CLS_PG_PORT" CLS_PG_PORT
  pg_init_cluster
  pg_write_conf
  ensure_dir "$(dirname "$PG_SOCKET_DIR")"
  mkdir -p "$PG_SOCKET_DIR"
  if is_root; then chown "$PG_OS_USER:" "$PG_SOCKET_DIR"; fi
  chmod 0755 "$PG_SOCKET_DIR"
  log "postgres: starting on $CLS_HOST:$CLS_PG_PORT (log: $PG_LOG)"
  printf '\n===== [infra] %s starting postgres\n' "$(date '+%F %T')" >>"$PG_LOG"
  PG_LAUNCHED_AT="$(now_ms)"
  record_ports postgres
  # pg_ctl forks the postmaster and returns (-W); its output and the server
  # log go to PG_LOG (fd opened by us, so no permission issue as root).
  if ! pg_as_owner setsid "$PG_BIN/pg_ctl" start -W -D "$PG_DATA" \
    </dev/null >>"$PG_LOG" 2>&1 9>&-; then
    show_log_tail "$PG_LOG" 30
    die "postgres: pg_ctl start failed"
  fi
}

pg_alive() {
  [[ -n "$(pg_postmaster_pid)" ]] || (($(now_ms) - PG_LAUNCHED_AT < 5000))
}

pg_ready() {
  "$PG_BIN/pg_isready" -q -h "$CLS_HOST" -p "$CLS_PG_PORT" -d postgres -U postgres >/dev/null 2>&1
}

pg_psql() {
  "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$CLS_HOST" -p "$CLS_PG_PORT" -U postgres -d postgres "$@"
}

pg_setup_app_db() {
  local pid
  if [[ "$(pg_psql -tAc "SELECT 1 FROM pg_roles WHERE rolname = 'cls'")" != "1" ]]; then
    log "postgres: creating role cls (superuser, login)"
    pg_psql -c "CREATE ROLE cls WITH LOGIN SUPERUSER" || return 1
  fi
  if [[ "$(pg_psql -tAc "SELECT 1 FROM pg_database WHERE datname = 'cls'")" != "1" ]]; then
    log "postgres: creating database cls (owner cls)"
    pg_psql -c "CREATE DATABASE cls OWNER cls" || return 1
  fi
  pid="$(pg_postmaster_pid)"
  printf '%s\n' "$pid" >"$PG_PID_FILE"
}

wait_postgres() {
  wait_ready postgres pg_alive pg_ready "$PG_LOG" || return 1
  pg_setup_app_db
}

# ---------------------------------------------------------------------------
# Temporal dev server
# ---------------------------------------------------------------------------
start_temporal() {
  local pid
  pid="$(temporal_running_pid)"
  if [[ -n "$pid" ]]; then
    already_running temporal "$pid"
    return 0
  fi
  require_free_port temporal "$CLS_TEMPORAL_PORT" CLS_TEMPORAL_PORT
  local -a args=(server start-dev --ip "$CLS_HOST" --port "$CLS_TEMPORAL_PORT"
    --db-filename "$TEMPORAL_DB" --log-level warn)
  if [[ "$CLS_TEMPORAL_HEADLESS" == 1 ]]; then
    args+=(--headless)
  else
    require_free_port "temporal UI" "$CLS_TEMPORAL_UI_PORT" CLS_TEMPORAL_UI_PORT
    args+=(--ui-port "$CLS_TEMPORAL_UI_PORT")
  fi
  ensure_dir "$TEMPORAL_DATA_DIR"
  if [[ -f "$TEMPORAL_DB" ]]; then
    log "temporal: reusing database $TEMPORAL_DB"
  fi
  record_ports temporal
  log "temporal: starting dev server on $CLS_HOST:$CLS_TEMPORAL_PORT (log: $TEMPORAL_LOG)"
  launch_bg "$TEMPORAL_PID_FILE" "$TEMPORAL_LOG" "$TEMPORAL_BIN" "${args[@]}"
}

temporal_alive() { [[ -n "$(temporal_running_pid)" ]]; }

temporal_ready() {
  port_open "$CLS_TEMPORAL_PORT" || return 1
  timeout 10 "$TEMPORAL_BIN" operator cluster health --address "$CLS_HOST:$CLS_TEMPORAL_PORT" 2>/dev/null |
    grep -q SERVING || return 1
  timeout 10 "$TEMPORAL_BIN" operator namespace describe --address "$CLS_HOST:$CLS_TEMPORAL_PORT" \
    --namespace default >/dev/null 2>&1
}

wait_temporal() {
  wait_ready temporal temporal_alive temporal_ready "$TEMPORAL_LOG" || return 1
  printf '%s\n' "$(temporal_running_pid)" >"$TEMPORAL_PID_FILE"
}

# ---------------------------------------------------------------------------
# Kafka (KRaft, combined broker+controller)
# ---------------------------------------------------------------------------
sed_escape() { printf '%s' "$1" | sed -e 's/[\\|&]/\\&/g'; }

kafka_render_config() {
  local replication=1 min_isr=1
  [[ "$CLS_KAFKA_BROKERS" == 1 ]] || { replication=3 && min_isr=2; }
  sed -e "s|@HOST@|$CLS_HOST|g" \
    -e "s|@KAFKA_PORT@|$KAFKA_NODE_PORT|g" \
    -e "s|@CONTROLLER_PORT@|$KAFKA_NODE_CONTROLLER_PORT|g" \
    -e "s|@NODE_ID@|$KAFKA_NODE_ID|g" \
    -e "s|@VOTERS@|$(kafka_voters)|g" \
    -e "s|@REPLICATION@|$replication|g" \
    -e "s|@MIN_ISR@|$min_isr|g" \
    -e "s|@LOG_DIRS@|$(sed_escape "$KAFKA_LOG_DIRS")|g" \
    "$INFRA_DIR/kafka/server.properties.template" >"$KAFKA_CONFIG.tmp"
  mv -f "$KAFKA_CONFIG.tmp" "$KAFKA_CONFIG"
}

kafka_format_storage() {
  if [[ -f "$KAFKA_LOG_DIRS/meta.properties" ]]; then
    log "kafka: reusing storage in $KAFKA_LOG_DIRS"
    return 0
  fi
  local cid
  if [[ -s "$KAFKA_CLUSTER_ID_FILE" ]]; then
    cid="$(cat "$KAFKA_CLUSTER_ID_FILE")"
  else
    cid="$(kafka_tool kafka.tools.StorageTool random-uuid 2>>"$KAFKA_STDOUT_LOG" | tail -n1)"
    [[ -n "$cid" ]] || die "kafka: could not generate a cluster id (see $KAFKA_STDOUT_LOG)"
    ensure_dir "$(dirname "$KAFKA_CLUSTER_ID_FILE")"
    printf '%s\n' "$cid" >"$KAFKA_CLUSTER_ID_FILE"
  fi
  log "kafka: formatting storage (cluster id $cid) in $KAFKA_LOG_DIRS"
  if ! kafka_tool kafka.tools.StorageTool format -t "$cid" -c "$KAFKA_CONFIG" --ignore-formatted \
    >>"$KAFKA_STDOUT_LOG" 2>&1; then
    show_log_tail "$KAFKA_STDOUT_LOG" 30
    die "kafka: storage format failed"
  fi
}

start_kafka() {
  local n
  for n in $(kafka_nodes); do
    kafka_node "$n"
    start_kafka_node
  done
}

start_kafka_node() {
  local pid
  pid="$(kafka_running_pid)"
  if [[ -n "$pid" ]]; then
    already_running kafka "$pid"
    return 0
  fi
  require_free_port kafka "$KAFKA_NODE_PORT" CLS_KAFKA_PORT
  require_free_port "kafka controller" "$KAFKA_NODE_CONTROLLER_PORT" CLS_KAFKA_CONTROLLER_PORT
  ensure_dir "$KAFKA_DATA_DIR" "$KAFKA_LOG_DIR"
  kafka_render_config
  kafka_format_storage
  record_ports kafka
  log "kafka: starting node $KAFKA_NODE_ID: broker on $CLS_HOST:$KAFKA_NODE_PORT, controller on $CLS_HOST:$KAFKA_NODE_CONTROLLER_PORT (logs: $KAFKA_LOG_DIR/server.log, $KAFKA_STDOUT_LOG)"
  local -a jvm=(-Xms256m -Xmx512m
    -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35
    -XX:+ExplicitGCInvokesConcurrent -XX:+ExitOnOutOfMemoryError -Xshare:auto
    -Djava.awt.headless=true
    -Dkafka.logs.dir="$KAFKA_LOG_DIR"
    -Dlog4j.configuration="file:$INFRA_DIR/kafka/log4j.properties")
  # shellcheck disable=SC2206 # CLS_KAFKA_JAVA_OPTS is intentionally word-split
  [[ -n "${CLS_KAFKA_JAVA_OPTS:-}" ]] && jvm+=($CLS_KAFKA_JAVA_OPTS)
  launch_bg "$KAFKA_PID_FILE" "$KAFKA_STDOUT_LOG" \
    java "${jvm[@]}" -cp "$KAFKA_LIBS/*" kafka.Kafka "$KAFKA_CONFIG"
}

kafka_alive() { [[ -n "$(kafka_running_pid)" ]]; }

kafka_ready() {
  port_open "$KAFKA_NODE_PORT" || return 1
  KAFKA_TOOL_TIMEOUT=30 kafka_tool org.apache.kafka.tools.TopicCommand \
    --bootstrap-server "$CLS_HOST:$KAFKA_NODE_PORT" --list >/dev/null 2>&1
}

wait_kafka() {
  local n
  for n in $(kafka_nodes); do
    kafka_node "$n"
    wait_ready "kafka node $n" kafka_alive kafka_ready "$KAFKA_LOG_DIR/server.log" "$KAFKA_STDOUT_LOG" || return 1
  done
}

# ---------------------------------------------------------------------------
# Keycloak (development mode: http, in-memory database, the realm imported on every start)
# ---------------------------------------------------------------------------
# The in-memory database makes the committed realm file the whole truth: every start imports it afresh, so an edit
# to it takes effect on the next start, and the users' ids (their tokens' `sub`) never change.
keycloak_render_config() {
  cat >"$KEYCLOAK_CONFIG.tmp" <<EOF
# Written by infra/scripts/up.sh on every start -- do not edit.
db=dev-mem
http-host=$CLS_HOST
http-port=$CLS_KEYCLOAK_PORT
# Pins the issuer (iss) to one URL, whichever of 127.0.0.1 or localhost a client used.
hostname=http://$CLS_HOST:$CLS_KEYCLOAK_PORT
EOF
  mv -f "$KEYCLOAK_CONFIG.tmp" "$KEYCLOAK_CONFIG"
}

# The master realm's administrator, for the admin console: a random password made once per data dir, never in git.
keycloak_admin_password() {
  if [[ ! -s "$KEYCLOAK_ADMIN_PASSWORD_FILE" ]]; then
    (umask 077 && head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$KEYCLOAK_ADMIN_PASSWORD_FILE")
  fi
  cat "$KEYCLOAK_ADMIN_PASSWORD_FILE"
}

start_keycloak() {
  local pid
  pid="$(keycloak_running_pid)"
  if [[ -n "$pid" ]]; then
    already_running keycloak "$pid"
    return 0
  fi
  [[ -f "$KEYCLOAK_REALM_FILE" ]] || die "keycloak: realm file $KEYCLOAK_REALM_FILE is missing"
  require_free_port keycloak "$CLS_KEYCLOAK_PORT" CLS_KEYCLOAK_PORT
  ensure_dir "$KEYCLOAK_DATA_DIR"
  keycloak_render_config
  # --import-realm reads the distribution's own data/import directory and nothing else.
  mkdir -p "$KEYCLOAK_HOME/data/import"
  rm -f "$KEYCLOAK_HOME/data/import/"*.json
  cp "$KEYCLOAK_REALM_FILE" "$KEYCLOAK_HOME/data/import/$KEYCLOAK_REALM-realm.json"
  record_ports keycloak
  log "keycloak: starting in development mode on http://$CLS_HOST:$CLS_KEYCLOAK_PORT, realm $KEYCLOAK_REALM (log: $KEYCLOAK_LOG)"
  # Through the environment rather than argv, where any local user could read the password.
  KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD="$(keycloak_admin_password)" \
    launch_bg "$KEYCLOAK_PID_FILE" "$KEYCLOAK_LOG" \
    "$KEYCLOAK_HOME/bin/kc.sh" --config-file="$KEYCLOAK_CONFIG" start-dev --import-realm
}

keycloak_alive() { [[ -n "$(keycloak_running_pid)" ]]; }

wait_keycloak() {
  CLS_START_TIMEOUT="$CLS_KEYCLOAK_START_TIMEOUT" wait_ready keycloak keycloak_alive keycloak_ready "$KEYCLOAK_LOG"
}

# ---------------------------------------------------------------------------
main() {
  local rc=0 s t0 failed=()
  SERVICES_BY_DEFAULT=("${DEFAULT_SERVICES[@]}")
  parse_services "$@" || {
    usage
    return 0
  }
  t0="$(now_ms)"
  log "up: ${SERVICES[*]} (data: $DATA_DIR, tools: $TOOLS_DIR)"

  # 1. install whatever is missing (cheap marker checks when installed)
  bash "$SCRIPTS_DIR/install.sh" "${SERVICES[@]}"

  ensure_base_dirs
  exec 9>"$RUN_DIR/.up.lock"
  if ! flock -n 9; then
    log "up: another up.sh is running, waiting for it..."
    flock 9
  fi

  # 2. launch everything that is not running (in parallel)...
  for s in "${SERVICES[@]}"; do
    "start_$s"
  done
  # 3. ...then wait for each one to be ready.
  for s in "${SERVICES[@]}"; do
    "wait_$s" || {
      rc=1
      failed+=("$s")
    }
  done

  if [[ $rc -ne 0 ]]; then
    log "up: FAILED: ${failed[*]}"
    return 1
  fi
  for s in "${SERVICES[@]}"; do
    case "$s" in
      postgres) log "postgres: DATABASE_URL=postgres://cls@$CLS_HOST:$CLS_PG_PORT/cls" ;;
      temporal)
        log "temporal: TEMPORAL_ADDRESS=$CLS_HOST:$CLS_TEMPORAL_PORT (namespace default)$(
          [[ "$CLS_TEMPORAL_HEADLESS" == 1 ]] || printf ', UI http://%s:%s' "$CLS_HOST" "$CLS_TEMPORAL_UI_PORT"
        )"
        ;;
      kafka) log "kafka: KAFKA_BROKERS=$(kafka_bootstrap)$([[ "$CLS_KAFKA_BROKERS" == 1 ]] || echo " KAFKA_TOPIC_REPLICATION_FACTOR=3 KAFKA_TOPIC_MIN_INSYNC_REPLICAS=2")" ;;
      keycloak) log "keycloak: AUTH_OIDC_ISSUER=$KEYCLOAK_ISSUER (admin console http://$CLS_HOST:$CLS_KEYCLOAK_PORT/admin, user admin, password in $KEYCLOAK_ADMIN_PASSWORD_FILE)" ;;
    esac
  done
  log "up: all ready in $(($(now_ms) - t0))ms"
}

main "$@"
