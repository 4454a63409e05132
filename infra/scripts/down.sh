#!/usr/bin/env bash
# Stop the local infrastructure started by up.sh. Data is kept.
#
#   bash infra/scripts/down.sh [postgres] [temporal] [kafka] [keycloak]    (default: all)
#
# Idempotent. After stopping, scans for stray processes of ours (Kafka JVMs
# with our classpath, temporal dev servers from $TOOLS_DIR, postmasters on our
# data dir), kills them, and exits non-zero if anything survives.
set -euo pipefail

# shellcheck source=infra/scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

usage() {
  cat <<EOF
usage: $(basename "$0") [postgres] [temporal] [kafka] [keycloak] | all
Stops the given services (default: all). Data in $DATA_DIR is kept.
EOF
}

# wait_gone PID SECONDS: wait until PID has exited.
wait_gone() {
  local pid="$1" deadline=$(($(now_ms) + $2 * 1000))
  while pid_alive "$pid"; do
    (($(now_ms) > deadline)) && return 1
    sleep 0.1
  done
}

# terminate NAME PID: SIGTERM (whole process group if PID leads one), wait up
# to CLS_STOP_TIMEOUT, then SIGKILL.
terminate() {
  local name="$1" pid="$2" target="$2" t0
  t0="$(now_ms)"
  if [[ "$(ps -o pgid= -p "$pid" 2>/dev/null | tr -d ' ')" == "$pid" ]]; then
    target="-$pid"
  fi
  kill -TERM -- "$target" 2>/dev/null || true
  if ! wait_gone "$pid" "$CLS_STOP_TIMEOUT"; then
    warn "$name: pid $pid still alive after ${CLS_STOP_TIMEOUT}s, sending SIGKILL"
    kill -KILL -- "$target" 2>/dev/null || true
    wait_gone "$pid" 10 || warn "$name: pid $pid survived SIGKILL"
  fi
  log "$name: stopped (pid $pid, $(($(now_ms) - t0))ms)"
}

# kill_strays NAME NEEDLE...: terminate leftover processes whose argv contains
# every NEEDLE (i.e. unambiguously ours).
kill_strays() {
  local name="$1" pid
  shift
  for pid in $(find_pids "$@"); do
    warn "$name: stray process $pid ($(pid_cmdline "$pid" | cut -c1-160)) -- stopping it"
    terminate "$name (stray)" "$pid"
  done
}

stop_postgres() {
  if [[ ! -x "$PG_BIN/pg_ctl" ]]; then
    log "postgres: not installed, nothing to stop"
    return 0
  fi
  pg_resolve_dirs
  local pid t0
  pid="$(pg_postmaster_pid)"
  if [[ -n "$pid" ]]; then
    t0="$(now_ms)"
    if pg_as_owner "$PG_BIN/pg_ctl" stop -D "$PG_DATA" -m fast -w -t "$CLS_STOP_TIMEOUT" >/dev/null 2>&1; then
      log "postgres: stopped (pid $pid, $(($(now_ms) - t0))ms)"
    else
      warn "postgres: pg_ctl stop -m fast failed, escalating"
      pg_as_owner "$PG_BIN/pg_ctl" stop -D "$PG_DATA" -m immediate -w -t 10 >/dev/null 2>&1 ||
        terminate postgres "$pid"
    fi
  else
    log "postgres: not running"
  fi
  rm -f "$PG_PID_FILE" "$RUN_DIR/postgres.ports"
  # A postmaster on our data dir (its children re-title themselves and die with it).
  kill_strays postgres "${PG_NEEDLES[@]}"
}

stop_pidfile_service() {
  local name="$1" pidfile="$2" running_fn="$3" pid
  shift 3
  pid="$("$running_fn")"
  if [[ -n "$pid" ]]; then
    log "$name: stopping pid $pid (SIGTERM, up to ${CLS_STOP_TIMEOUT}s)"
    terminate "$name" "$pid"
  elif [[ -f "$pidfile" ]]; then
    log "$name: not running (removing stale pid file)"
  else
    log "$name: not running"
  fi
  rm -f "$pidfile" "$RUN_DIR/$name.ports"
  kill_strays "$name" "$@"
}

stop_temporal() {
  stop_pidfile_service temporal "$TEMPORAL_PID_FILE" temporal_running_pid "${TEMPORAL_NEEDLES[@]}"
}

# The nodes of a three-node cluster stop together: stopped one after another, the last ones wait in vain for a
# quorum of controllers to accept their controlled shutdown, and are killed only after CLS_STOP_TIMEOUT.
stop_kafka() {
  local n
  for n in $(kafka_nodes); do
    (
      kafka_node "$n"
      stop_pidfile_service "kafka$([[ "$CLS_KAFKA_BROKERS" == 1 ]] || echo "-$n")" "$KAFKA_PID_FILE" kafka_running_pid "${KAFKA_NEEDLES[@]}"
    ) &
  done
  wait
  rm -f "$RUN_DIR/kafka.ports"
}

# kc.sh forwards TERM to its JVM, and both are in the group terminate() signals.
stop_keycloak() {
  stop_pidfile_service keycloak "$KEYCLOAK_PID_FILE" keycloak_running_pid "${KEYCLOAK_NEEDLES[@]}"
}

# Leftover check: prints offending processes, returns 1 if any.
verify_clean() {
  local s bad=0 pid
  local -a needles
  for s in "${SERVICES[@]}"; do
    case "$s" in
      postgres)
        [[ -x "$PG_BIN/pg_ctl" ]] || continue
        needles=("${PG_NEEDLES[@]}")
        ;;
      temporal) needles=("${TEMPORAL_NEEDLES[@]}") ;;
      kafka) needles=("$KAFKA_LIBS/" "kafka.Kafka $DATA_DIR/kafka") ;;
      keycloak) needles=("${KEYCLOAK_NEEDLES[@]}") ;;
    esac
    for pid in $(find_pids "${needles[@]}"); do
      warn "$s: process $pid is still running: $(pid_cmdline "$pid" | cut -c1-160)"
      bad=1
    done
  done
  # Not managed by up/down (tests spawn them), so only reported.
  for pid in $(find_pids "$TTS_LIB_DIR/" "io.temporal.testserver.TestServer"); do
    log "note: temporal-test-server pid $pid (started by a test, not by up.sh) is still running"
  done
  return "$bad"
}

main() {
  parse_services "$@" || {
    usage
    return 0
  }
  local i s
  log "down: ${SERVICES[*]}"
  # Reverse start order: keycloak, kafka, temporal, postgres.
  for ((i = ${#SERVICES[@]} - 1; i >= 0; i--)); do
    s="${SERVICES[$i]}"
    "stop_$s"
  done
  if verify_clean; then
    log "down: done, no service processes left"
  else
    die "down: some processes survived (see above)"
  fi
}

main "$@"
