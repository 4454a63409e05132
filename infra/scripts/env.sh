# shellcheck shell=bash disable=SC2034 # variables are used by the sourcing scripts
# Shared settings and helpers for the local-infrastructure scripts.
# Sourced (never executed) by install.sh, up.sh, down.sh, status.sh, reset.sh.
#
# Everything here can be overridden from the environment; see infra/README.md.

if [[ -n "${CLS_INFRA_ENV_SOURCED:-}" ]]; then
  return 0
fi
CLS_INFRA_ENV_SOURCED=1

# ---------------------------------------------------------------------------
# Logging
# ---------------------------------------------------------------------------
log() { printf '[infra] %s\n' "$*"; }
warn() { printf '[infra] WARNING: %s\n' "$*" >&2; }
die() {
  printf '[infra] ERROR: %s\n' "$*" >&2
  exit 1
}

# ---------------------------------------------------------------------------
# Paths
# ---------------------------------------------------------------------------
# Make a possibly-relative path absolute (relative to the caller's cwd).
abs_path() {
  case "$1" in
    /*) printf '%s\n' "$1" ;;
    *) printf '%s/%s\n' "$PWD" "$1" ;;
  esac
}

INFRA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
SCRIPTS_DIR="$INFRA_DIR/scripts"
REPO_ROOT="$(dirname "$INFRA_DIR")"
TOOLS_DIR="$(abs_path "${CLS_TOOLS_DIR:-$REPO_ROOT/.tools}")"
DATA_DIR="$(abs_path "${CLS_DATA_DIR:-$REPO_ROOT/.data}")"
LOG_DIR="$DATA_DIR/logs"
RUN_DIR="$DATA_DIR/run"

# ---------------------------------------------------------------------------
# Network
# ---------------------------------------------------------------------------
CLS_HOST=127.0.0.1
CLS_PG_PORT="${CLS_PG_PORT:-55432}"
CLS_TEMPORAL_PORT="${CLS_TEMPORAL_PORT:-7233}"
CLS_TEMPORAL_UI_PORT="${CLS_TEMPORAL_UI_PORT:-8233}"
CLS_KAFKA_PORT="${CLS_KAFKA_PORT:-19092}"
# CLS_KAFKA_BROKERS=3: three KRaft nodes, each broker and controller (a 3-voter quorum), brokers on
# CLS_KAFKA_PORT and the next two ports, controllers on the three after them unless CLS_KAFKA_CONTROLLER_PORT
# says otherwise; each node has its own data dir. 1, the default, is the single broker the tests use.
CLS_KAFKA_BROKERS="${CLS_KAFKA_BROKERS:-1}"
[[ "$CLS_KAFKA_BROKERS" == 1 || "$CLS_KAFKA_BROKERS" == 3 ]] || die "CLS_KAFKA_BROKERS='$CLS_KAFKA_BROKERS' must be 1 or 3"
if [[ "$CLS_KAFKA_BROKERS" == 3 && "$CLS_KAFKA_PORT" =~ ^[0-9]+$ ]]; then
  CLS_KAFKA_CONTROLLER_PORT="${CLS_KAFKA_CONTROLLER_PORT:-$((CLS_KAFKA_PORT + 3))}"
else
  CLS_KAFKA_CONTROLLER_PORT="${CLS_KAFKA_CONTROLLER_PORT:-19093}"
fi

# Keycloak, the development OpenID Connect issuer (realm "cls"): http on loopback only.
CLS_KEYCLOAK_PORT="${CLS_KEYCLOAK_PORT:-18080}"

for _cls_var in CLS_PG_PORT CLS_TEMPORAL_PORT CLS_TEMPORAL_UI_PORT CLS_KAFKA_PORT CLS_KAFKA_CONTROLLER_PORT CLS_KEYCLOAK_PORT; do
  if ! [[ "${!_cls_var}" =~ ^[0-9]+$ ]] || ((${!_cls_var} < 1 || ${!_cls_var} > 65535)); then
    die "$_cls_var='${!_cls_var}' is not a valid TCP port"
  fi
done
unset _cls_var

# Seconds to wait for a service to become ready / to stop.
CLS_START_TIMEOUT="${CLS_START_TIMEOUT:-90}"
CLS_STOP_TIMEOUT="${CLS_STOP_TIMEOUT:-30}"
# Keycloak's first start after an install rebuilds its Quarkus image (over a minute), and a loaded 2-core machine
# takes minutes more to boot it; its own, longer bound keeps CLS_START_TIMEOUT tight for the other servers.
CLS_KEYCLOAK_START_TIMEOUT="${CLS_KEYCLOAK_START_TIMEOUT:-600}"
# 1 = start the Temporal dev server without its web UI (tests/CI).
CLS_TEMPORAL_HEADLESS="${CLS_TEMPORAL_HEADLESS:-0}"

# ---------------------------------------------------------------------------
# Tool versions and locations
# ---------------------------------------------------------------------------
TEMPORAL_CLI_MODULE=github.com/temporalio/cli
TEMPORAL_CLI_VERSION=v1.5.1
TEMPORAL_TEST_SERVER_VERSION=1.38.0 # keep in sync with infra/maven/temporal-test-server/pom.xml
KAFKA_VERSION=3.9.1                 # keep in sync with infra/maven/kafka/pom.xml
# The 26.x line still runs on Java 17 (its classes target 17); later majors may need 21.
KEYCLOAK_VERSION=26.7.3
GO_MIN_VERSION=1.25
JAVA_MIN_VERSION=17
PG_MAJOR=15

BIN_DIR="$TOOLS_DIR/bin"
TEMPORAL_BIN="$BIN_DIR/temporal"
TTS_DIR="$TOOLS_DIR/temporal-test-server"
TTS_LIB_DIR="$TTS_DIR/lib"
TTS_BIN="$BIN_DIR/temporal-test-server"
KAFKA_HOME="$TOOLS_DIR/kafka"
KAFKA_LIBS="$KAFKA_HOME/libs"
PG_BIN="${CLS_PG_BIN:-/usr/lib/postgresql/$PG_MAJOR/bin}"

# Extra arguments for every mvn call (e.g. "-s my-settings.xml" or
# "-Dmaven.repo.local=/some/cache"). Word-split on whitespace.
CLS_MAVEN_OPTS="${CLS_MAVEN_OPTS:-}"

# Per-service runtime locations.
TEMPORAL_DATA_DIR="$DATA_DIR/temporal"
TEMPORAL_DB="$TEMPORAL_DATA_DIR/temporal.db"
TEMPORAL_PID_FILE="$RUN_DIR/temporal.pid"
TEMPORAL_LOG="$LOG_DIR/temporal.log"

KAFKA_DATA_DIR="$DATA_DIR/kafka"
KAFKA_LOG_DIRS="$KAFKA_DATA_DIR/data"
KAFKA_CONFIG="$KAFKA_DATA_DIR/server.properties"
KAFKA_PID_FILE="$RUN_DIR/kafka.pid"
KAFKA_LOG_DIR="$LOG_DIR/kafka"
KAFKA_STDOUT_LOG="$LOG_DIR/kafka.out"

KEYCLOAK_HOME="$TOOLS_DIR/keycloak"
KEYCLOAK_REALM_FILE="$INFRA_DIR/keycloak/cls-realm.json"
KEYCLOAK_REALM=cls
KEYCLOAK_DATA_DIR="$DATA_DIR/keycloak"
# Written on every start; its path in the server's argv tells this data dir's Keycloak from any other's.
KEYCLOAK_CONFIG="$KEYCLOAK_DATA_DIR/keycloak.conf"
KEYCLOAK_ADMIN_PASSWORD_FILE="$KEYCLOAK_DATA_DIR/admin-password"
KEYCLOAK_PID_FILE="$RUN_DIR/keycloak.pid"
KEYCLOAK_LOG="$LOG_DIR/keycloak.log"
KEYCLOAK_ISSUER="http://$CLS_HOST:$CLS_KEYCLOAK_PORT/realms/$KEYCLOAK_REALM"

PG_PID_FILE="$RUN_DIR/postgres.pid"
PG_LOG="$LOG_DIR/postgres.log"
# PG_DATA / PG_SOCKET_DIR / PG_OS_USER are set by pg_resolve_dirs (below).

# What up.sh starts unless told otherwise: the servers every app needs. Keycloak is started when named (or with
# `all`), so a private instance of the three (scripts/faults.sh) never contends for its port; down.sh and status.sh
# cover all four.
DEFAULT_SERVICES=(postgres temporal kafka)
ALL_SERVICES=(postgres temporal kafka keycloak)

# ---------------------------------------------------------------------------
# Generic helpers
# ---------------------------------------------------------------------------
is_root() { [[ "$(id -u)" -eq 0 ]]; }

have() { command -v "$1" >/dev/null 2>&1; }

# now_ms: wall clock in milliseconds.
now_ms() { date +%s%3N; }

# version_ge A B: true if dotted version A >= B.
version_ge() {
  [[ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" == "$2" ]]
}

# file_sha FILE: sha256 of a file (first 16 hex chars).
file_sha() { sha256sum "$1" | cut -c1-16; }

# port_open PORT [HOST]: true if something accepts TCP connections there.
port_open() {
  local port="$1" host="${2:-$CLS_HOST}"
  # shellcheck disable=SC2016 # expanded by the inner bash
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$host" "$port" 2>/dev/null
}

# pid_alive PID: process exists (and is not a zombie).
pid_alive() {
  local pid="$1" line
  [[ -n "$pid" && "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  while IFS= read -r line; do
    if [[ "$line" == State:* ]]; then
      [[ "$line" != *"Z (zombie)"* ]]
      return
    fi
  done 2>/dev/null <"/proc/$pid/status"
  return 0
}

# pid_cmdline PID: the process's argv joined by spaces (with a trailing space).
pid_cmdline() {
  local IFS=' '
  local -a argv=()
  mapfile -d '' -t argv 2>/dev/null <"/proc/$1/cmdline" || return 0
  ((${#argv[@]})) && printf '%s \n' "${argv[*]}"
  return 0
}

# argv_has_all CMDLINE NEEDLE...: CMDLINE contains every needle.
argv_has_all() {
  local cmd="$1" needle
  shift
  for needle in "$@"; do
    [[ "$cmd" == *"$needle"* ]] || return 1
  done
}

# pid_matches PID NEEDLE...: process alive and its argv contains every needle.
pid_matches() {
  local pid="$1"
  shift
  pid_alive "$pid" || return 1
  argv_has_all "$(pid_cmdline "$pid")" "$@"
}

# find_pids NEEDLE...: pids (one per line) whose argv contains every needle.
# One fork-free pass over /proc.
find_pids() {
  local d pid IFS=' '
  local -a argv
  for d in /proc/[0-9]*; do
    pid="${d#/proc/}"
    [[ "$pid" == "$$" || "$pid" == "${BASHPID:-}" ]] && continue
    argv=()
    mapfile -d '' -t argv 2>/dev/null <"$d/cmdline" || continue
    ((${#argv[@]})) || continue
    if argv_has_all "${argv[*]} " "$@"; then
      printf '%s\n' "$pid"
    fi
  done
}

# read_pid FILE: print the pid stored in FILE (empty if none).
read_pid() {
  [[ -f "$1" ]] || return 0
  head -n1 "$1" 2>/dev/null | tr -dc '0-9'
}

# show_log_tail FILE [LINES]
show_log_tail() {
  local file="$1" lines="${2:-40}"
  if [[ -s "$file" ]]; then
    log "---- last $lines lines of $file ----"
    tail -n "$lines" "$file" | sed 's/^/[infra] | /'
    log "---- end of $file ----"
  else
    log "(log $file is empty or missing)"
  fi
}

# ensure_dir DIR...: mkdir -p, world-traversable (0755) so the postgres OS
# user can reach PG_DATA/PG_SOCKET_DIR when we run as root.
ensure_dir() {
  local d
  for d in "$@"; do
    if [[ ! -d "$d" ]]; then
      mkdir -p "$d"
      chmod 0755 "$d"
    fi
  done
}

ensure_base_dirs() {
  ensure_dir "$DATA_DIR" "$LOG_DIR" "$RUN_DIR"
}

# parse_services ARG...: validate service names; sets SERVICES array.
# Accepts: postgres temporal kafka keycloak all (default: $SERVICES_BY_DEFAULT, all unless the caller says).
parse_services() {
  SERVICES=()
  local a s x seen
  if [[ $# -eq 0 ]]; then
    if [[ -n "${SERVICES_BY_DEFAULT[*]:-}" ]]; then
      SERVICES=("${SERVICES_BY_DEFAULT[@]}")
    else
      SERVICES=("${ALL_SERVICES[@]}")
    fi
    return 0
  fi
  for a in "$@"; do
    case "$a" in
      all) SERVICES=("${ALL_SERVICES[@]}") && return 0 ;;
      postgres | pg) s=postgres ;;
      temporal) s=temporal ;;
      kafka) s=kafka ;;
      keycloak) s=keycloak ;;
      -h | --help) return 2 ;;
      *) die "unknown service '$a' (expected: ${ALL_SERVICES[*]} or all)" ;;
    esac
    seen=0
    for x in "${SERVICES[@]}"; do [[ "$x" == "$s" ]] && seen=1; done
    [[ $seen -eq 1 ]] || SERVICES+=("$s")
  done
}

# ---------------------------------------------------------------------------
# PostgreSQL helpers
# ---------------------------------------------------------------------------
# pg_resolve_dirs: decide where the cluster lives and as whom it runs.
#   - non-root: the current user, $DATA_DIR/postgres
#   - root:     the `postgres` OS user (PostgreSQL refuses to run as root).
#               The data dir must be reachable by that user; if some parent of
#               $DATA_DIR is not traversable (e.g. a checkout under /root with
#               mode 0700) we fall back to /var/tmp/cls-infra-<hash>/ and say so.
# CLS_PG_DATA_DIR overrides the data directory (socket dir is then next to it).
pg_resolve_dirs() {
  [[ "${PG_DIRS_RESOLVED:-}" == 1 ]] && return 0
  PG_DIRS_RESOLVED=1
  local fallback
  if is_root; then
    PG_OS_USER=postgres
  else
    PG_OS_USER="$(id -un)"
  fi
  if [[ -n "${CLS_PG_DATA_DIR:-}" ]]; then
    PG_DATA="$(abs_path "$CLS_PG_DATA_DIR")"
    PG_SOCKET_DIR="$PG_DATA.run"
    PG_DIRS_FALLBACK=0
    PG_NEEDLES=("$PG_BIN/postgres " "-D $PG_DATA ")
    return 0
  fi
  PG_DATA="$DATA_DIR/postgres"
  PG_SOCKET_DIR="$RUN_DIR/postgres"
  PG_DIRS_FALLBACK=0
  if is_root && id -u postgres >/dev/null 2>&1; then
    ensure_base_dirs
    if ! (cd / && runuser -u postgres -- test -x "$RUN_DIR"); then
      fallback="/var/tmp/cls-infra-$(printf '%s' "$DATA_DIR" | sha256sum | cut -c1-12)"
      PG_DATA="$fallback/postgres"
      PG_SOCKET_DIR="$fallback/run"
      PG_DIRS_FALLBACK=1
    fi
  fi
  # argv fragments identifying *our* postmaster (cmdline is space-joined, with
  # a trailing space, so "-D <dir> " cannot match a longer sibling path).
  PG_NEEDLES=("$PG_BIN/postgres " "-D $PG_DATA ")
}

# pg_as_owner CMD...: run a PostgreSQL binary as the cluster owner.
pg_as_owner() {
  if is_root; then
    (cd / && runuser -u "$PG_OS_USER" -- "$@")
  else
    "$@"
  fi
}

# pg_postmaster_pid: pid of the running postmaster for PG_DATA (empty if none).
pg_postmaster_pid() {
  local pid
  pg_resolve_dirs
  [[ -f "$PG_DATA/postmaster.pid" ]] || return 0
  pid="$(head -n1 "$PG_DATA/postmaster.pid" 2>/dev/null | tr -dc '0-9')"
  if pid_matches "$pid" "${PG_NEEDLES[@]}"; then
    printf '%s\n' "$pid"
  fi
}

# ---------------------------------------------------------------------------
# Temporal / Kafka process identification
# ---------------------------------------------------------------------------
# argv fragments identifying the processes of *this* checkout/DATA_DIR (so a
# second instance with another CLS_DATA_DIR sharing TOOLS_DIR is never touched).
TEMPORAL_NEEDLES=("$TEMPORAL_BIN " "start-dev " "--db-filename $TEMPORAL_DB ")
KAFKA_NEEDLES=("$KAFKA_LIBS/" "kafka.Kafka $KAFKA_CONFIG ")

temporal_running_pid() {
  local pid
  pid="$(read_pid "$TEMPORAL_PID_FILE")"
  if pid_matches "$pid" "${TEMPORAL_NEEDLES[@]}"; then
    printf '%s\n' "$pid"
  fi
}

# kafka_node N: point the KAFKA_* paths, ports and needles at node N (1-based). With one broker, node 1 is the
# broker as it always was ($DATA_DIR/kafka, kafka.pid); with three, node N lives in $DATA_DIR/kafka-N.
kafka_node() {
  local suffix=""
  [[ "$CLS_KAFKA_BROKERS" == 1 ]] || suffix="-$1"
  KAFKA_NODE_ID="$1"
  KAFKA_NODE_PORT=$((CLS_KAFKA_PORT + $1 - 1))
  KAFKA_NODE_CONTROLLER_PORT=$((CLS_KAFKA_CONTROLLER_PORT + $1 - 1))
  KAFKA_DATA_DIR="$DATA_DIR/kafka$suffix"
  KAFKA_LOG_DIRS="$KAFKA_DATA_DIR/data"
  KAFKA_CONFIG="$KAFKA_DATA_DIR/server.properties"
  KAFKA_PID_FILE="$RUN_DIR/kafka$suffix.pid"
  KAFKA_LOG_DIR="$LOG_DIR/kafka$suffix"
  KAFKA_STDOUT_LOG="$LOG_DIR/kafka$suffix.out"
  KAFKA_NEEDLES=("$KAFKA_LIBS/" "kafka.Kafka $KAFKA_CONFIG ")
}

# The nodes' numbers, the quorum's voters, and the bootstrap list a client is given.
kafka_nodes() { seq 1 "$CLS_KAFKA_BROKERS"; }
kafka_voters() {
  local n out=""
  for n in $(kafka_nodes); do out+="${out:+,}$n@$CLS_HOST:$((CLS_KAFKA_CONTROLLER_PORT + n - 1))"; done
  printf '%s\n' "$out"
}
kafka_bootstrap() {
  local n out=""
  for n in $(kafka_nodes); do out+="${out:+,}$CLS_HOST:$((CLS_KAFKA_PORT + n - 1))"; done
  printf '%s\n' "$out"
}
# The cluster's nodes format their storage with one cluster id, kept by node 1.
KAFKA_CLUSTER_ID_FILE="$DATA_DIR/kafka$([[ "$CLS_KAFKA_BROKERS" == 1 ]] || echo -1)/cluster-id"
kafka_node 1

kafka_running_pid() {
  local pid
  pid="$(read_pid "$KAFKA_PID_FILE")"
  if pid_matches "$pid" "${KAFKA_NEEDLES[@]}"; then
    printf '%s\n' "$pid"
  fi
}

# kafka_tool CLASS ARGS...: run one of Kafka's command-line tools (quiet
# logging, fast-start JVM flags), killed after $KAFKA_TOOL_TIMEOUT seconds.
kafka_tool() {
  timeout "${KAFKA_TOOL_TIMEOUT:-60}" java -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto \
    -Dlog4j.configuration="file:$INFRA_DIR/kafka/tools-log4j.properties" \
    -cp "$KAFKA_LIBS/*" "$@"
}

# ---------------------------------------------------------------------------
# Keycloak process identification
# ---------------------------------------------------------------------------
# kc.sh and the JVM it runs both carry the config file in their argv, and that file lives in this DATA_DIR.
KEYCLOAK_NEEDLES=("$KEYCLOAK_HOME/" "--config-file=$KEYCLOAK_CONFIG " "start-dev ")

keycloak_running_pid() {
  local pid
  pid="$(read_pid "$KEYCLOAK_PID_FILE")"
  if pid_matches "$pid" "${KEYCLOAK_NEEDLES[@]}"; then
    printf '%s\n' "$pid"
  fi
}

# keycloak_ready: the realm's discovery document is served, so the realm file has been imported and the issuer's
# keys are published.
keycloak_ready() {
  curl -fsS --max-time 10 -o /dev/null "$KEYCLOAK_ISSUER/.well-known/openid-configuration" 2>/dev/null
}
