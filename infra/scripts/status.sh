#!/usr/bin/env bash
# One line per local-infra service: running/stopped, pid, address. Always exits 0.
#
#   bash infra/scripts/status.sh
set -euo pipefail

# shellcheck source=infra/scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

# line NAME STATE PID ADDRESS [NOTE]
line() {
  printf '[infra] %-9s %-8s pid=%-7s %s%s\n' "$1" "$2" "${3:--}" "$4" "${5:+  ($5)}"
}

# state_for PID PORT READY_FN: running / starting / stopped (+ port note)
report() {
  local name="$1" pid="$2" port="$3" addr="$4" ready_fn="$5" note=""
  if [[ -n "$pid" ]]; then
    if "$ready_fn"; then
      line "$name" running "$pid" "$addr"
    else
      line "$name" running "$pid" "$addr" "not ready yet"
    fi
  else
    port_open "$port" && note="port $port is in use by another process"
    line "$name" stopped "" "$addr" "$note"
  fi
}

# shellcheck disable=SC2317 # invoked indirectly via report()
pg_ready() {
  [[ -x "$PG_BIN/pg_isready" ]] &&
    "$PG_BIN/pg_isready" -q -h "$CLS_HOST" -p "$CLS_PG_PORT" -d postgres -U postgres >/dev/null 2>&1
}
# shellcheck disable=SC2317
temporal_ready() { port_open "$CLS_TEMPORAL_PORT"; }
# shellcheck disable=SC2317
kafka_ready() { port_open "$KAFKA_NODE_PORT"; }
# keycloak_ready (env.sh): the realm's discovery document is served.

main() {
  local pg_pid=""
  if [[ -x "$PG_BIN/postgres" ]]; then
    pg_pid="$(pg_postmaster_pid)"
  fi
  report postgres "$pg_pid" "$CLS_PG_PORT" "postgres://cls@$CLS_HOST:$CLS_PG_PORT/cls" pg_ready
  local taddr="$CLS_HOST:$CLS_TEMPORAL_PORT"
  [[ "$CLS_TEMPORAL_HEADLESS" == 1 ]] || taddr+=" ui=http://$CLS_HOST:$CLS_TEMPORAL_UI_PORT"
  report temporal "$(temporal_running_pid)" "$CLS_TEMPORAL_PORT" "$taddr" temporal_ready
  local n
  for n in $(kafka_nodes); do
    kafka_node "$n"
    report "kafka$([[ "$CLS_KAFKA_BROKERS" == 1 ]] || echo "-$n")" "$(kafka_running_pid)" "$KAFKA_NODE_PORT" "$CLS_HOST:$KAFKA_NODE_PORT" kafka_ready
  done
  report keycloak "$(keycloak_running_pid)" "$CLS_KEYCLOAK_PORT" "$KEYCLOAK_ISSUER" keycloak_ready
}

main "$@" || true
exit 0
