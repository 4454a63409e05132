#!/usr/bin/env bash
# Install the local infrastructure tools into $TOOLS_DIR (default <repo>/.tools).
#
#   bash infra/scripts/install.sh [postgres|temporal|temporal-test-server|kafka|keycloak|chromium|all]...
#
# Default: all. Idempotent: every component has a version marker, so a second
# run only performs a few cheap checks.
set -euo pipefail

# shellcheck source=infra/scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

usage() {
  cat <<EOF
usage: $(basename "$0") [postgres|temporal|temporal-test-server|kafka|keycloak|chromium|all]...
Installs missing local-infra tools into $TOOLS_DIR (default: all).
EOF
}

# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------

# with_lock NAME CMD...: serialise concurrent installs of the same component.
with_lock() {
  local name="$1" lockf
  shift
  lockf="$TOOLS_DIR/.install-$name.lock"
  if ! touch "$lockf" 2>/dev/null; then
    # read-only TOOLS_DIR (e.g. shared, owned by another user): no locking
    "$@"
    return
  fi
  (
    exec 9>"$lockf"
    if ! flock -n 9; then
      log "$name: another install is in progress, waiting for it..."
      flock 9
    fi
    "$@"
  )
}

# progress LABEL PATTERN EVERY: copy stdin to the install log, print a
# progress line every EVERY lines matching PATTERN.
progress() {
  local label="$1" pattern="$2" every="$3"
  awk -v label="$label" -v pat="$pattern" -v every="$every" '
    { print > "/dev/stderr" }
    $0 ~ pat { n++; if (n % every == 0) { printf "[infra]   %s: %d so far...\n", label, n; fflush() } }
    END { if (n > 0) printf "[infra]   %s: %d total\n", label, n }
  '
}

require_java() {
  have java || die "java not found. Install a JDK/JRE >= $JAVA_MIN_VERSION, e.g. 'apt-get install -y openjdk-17-jre-headless'."
  local v
  v="$(java -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2; exit}')"
  [[ -n "$v" ]] || die "could not determine the java version (java -version failed?)"
  version_ge "$v" "$JAVA_MIN_VERSION" || die "java $v found, need >= $JAVA_MIN_VERSION (e.g. 'apt-get install -y openjdk-17-jre-headless')."
}

require_mvn() {
  have mvn || die "mvn not found. Install Maven, e.g. 'apt-get install -y maven'."
}

# java_fingerprint: identifies the JVM build (CDS archives are tied to it).
java_fingerprint() {
  java -version 2>&1 | sha256sum | cut -c1-16
}

# mvn_copy_deps POM DEST LABEL: resolve POM's dependencies into DEST
# (atomically: staging dir, then rename).
mvn_copy_deps() {
  local pom="$1" dest="$2" label="$3" staging="$2.staging" logf="$TOOLS_DIR/.install-$3.log" rc=0
  local -a extra=()
  # shellcheck disable=SC2206 # intentional word splitting of user-provided options
  [[ -n "$CLS_MAVEN_OPTS" ]] && extra=($CLS_MAVEN_OPTS)
  rm -rf "$staging"
  mkdir -p "$staging"
  log "$label: resolving Maven dependencies of $(realpath --relative-to="$REPO_ROOT" "$pom") (log: $logf)"
  mvn -B -f "$pom" "${extra[@]}" \
    dependency:copy-dependencies -DoutputDirectory="$staging" 2>&1 |
    progress "$label: artifacts downloaded" '^(\[INFO\] )?Downloaded from' 25 2>"$logf" || rc=$?
  if [[ $rc -ne 0 ]] || ! grep -q 'BUILD SUCCESS' "$logf"; then
    show_log_tail "$logf" 40
    rm -rf "$staging"
    die "$label: mvn dependency:copy-dependencies failed (network/Maven Central reachable? proxy settings in ~/.m2/settings.xml or CLS_MAVEN_OPTS)"
  fi
  rm -rf "$dest"
  mv "$staging" "$dest"
  log "$label: $(find "$dest" -name '*.jar' | wc -l) jars, $(du -sh "$dest" | cut -f1) in $dest"
}

# ---------------------------------------------------------------------------
# postgres (system package)
# ---------------------------------------------------------------------------
# apt_progress: condensed apt-get output.
apt_progress() {
  grep -E '^(Get:|Setting up|E:)' | sed 's/^/[infra]   apt: /' || true
}

pg_installed() {
  local b
  for b in postgres initdb pg_ctl pg_isready psql; do
    [[ -x "$PG_BIN/$b" ]] || return 1
  done
}

install_postgres() {
  if pg_installed; then
    log "postgres: PostgreSQL $PG_MAJOR already installed ($PG_BIN)"
    return 0
  fi
  local cmd="apt-get update && apt-get install -y postgresql-$PG_MAJOR"
  if ! is_root; then
    die "postgres: PostgreSQL $PG_MAJOR server binaries not found in $PG_BIN. Run as root: $cmd  (or point CLS_PG_BIN at an existing bin dir)"
  fi
  have apt-get || die "postgres: $PG_BIN missing and apt-get not available; install PostgreSQL $PG_MAJOR and set CLS_PG_BIN"
  log "postgres: installing postgresql-$PG_MAJOR via apt-get (this takes a minute)..."
  export DEBIAN_FRONTEND=noninteractive
  local -a apt_opts=(-y --no-install-recommends -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
  apt-get update 2>&1 | sed 's/^/[infra]   apt: /' || true
  # We only want the binaries: stop the Debian package from creating and
  # starting its own 'main' cluster on port 5432 (install postgresql-common
  # first, then switch create_main_cluster off -- the documented way).
  apt-get install "${apt_opts[@]}" postgresql-common 2>&1 | apt_progress || true
  local ccconf=/etc/postgresql-common/createcluster.conf
  if [[ -f "$ccconf" ]] && grep -Eq '^[#[:space:]]*create_main_cluster' "$ccconf"; then
    sed -ri 's/^[#[:space:]]*create_main_cluster.*/create_main_cluster = false/' "$ccconf"
  else
    mkdir -p "$(dirname "$ccconf")"
    printf 'create_main_cluster = false\n' >>"$ccconf"
  fi
  apt-get install "${apt_opts[@]}" "postgresql-$PG_MAJOR" 2>&1 | apt_progress || true
  pg_installed || die "postgres: installation failed; try manually: $cmd"
  log "postgres: installed PostgreSQL $PG_MAJOR"
}

# ---------------------------------------------------------------------------
# temporal CLI (dev server) via go install
# ---------------------------------------------------------------------------
TEMPORAL_MARKER="$BIN_DIR/.temporal.version"

temporal_installed() {
  [[ -x "$TEMPORAL_BIN" ]] || return 1
  if [[ -f "$TEMPORAL_MARKER" && "$(cat "$TEMPORAL_MARKER")" == "$TEMPORAL_CLI_VERSION" ]]; then
    return 0
  fi
  # Binary without marker (e.g. installed by hand): trust `go version -m`.
  if have go && go version -m "$TEMPORAL_BIN" 2>/dev/null |
    awk -v m="$TEMPORAL_CLI_MODULE" -v v="$TEMPORAL_CLI_VERSION" '$1=="mod" && $2==m && $3==v {f=1} END {exit !f}'; then
    printf '%s\n' "$TEMPORAL_CLI_VERSION" >"$TEMPORAL_MARKER"
    return 0
  fi
  return 1
}

install_temporal() {
  if temporal_installed; then
    log "temporal: temporal CLI $TEMPORAL_CLI_VERSION already installed ($TEMPORAL_BIN)"
    return 0
  fi
  have go || die "temporal: 'go' not found; Go >= $GO_MIN_VERSION is needed to build the Temporal CLI. Install it from https://go.dev/dl/ (Debian's 'apt-get install golang' is only fine if it is >= $GO_MIN_VERSION)."
  local gov
  gov="$(go env GOVERSION 2>/dev/null | sed 's/^go//')"
  version_ge "${gov:-0}" "$GO_MIN_VERSION" ||
    die "temporal: go $gov is too old; need >= $GO_MIN_VERSION. Install a newer Go from https://go.dev/dl/ (or 'apt-get install golang' if your distro ships >= $GO_MIN_VERSION)."

  local staging="$TOOLS_DIR/.staging-temporal" logf="$TOOLS_DIR/.install-temporal.log" rc=0 t0
  t0="$(now_ms)"
  rm -rf "$staging"
  mkdir -p "$staging" "$BIN_DIR"
  log "temporal: building $TEMPORAL_CLI_MODULE $TEMPORAL_CLI_VERSION with go $gov (first build takes several minutes; log: $logf)"
  GOBIN="$staging" go install -v "$TEMPORAL_CLI_MODULE/cmd/temporal@$TEMPORAL_CLI_VERSION" 2>&1 |
    progress "temporal: go packages downloaded/built" '.' 100 2>"$logf" || rc=$?
  if [[ $rc -ne 0 || ! -x "$staging/temporal" ]]; then
    show_log_tail "$logf" 30
    rm -rf "$staging"
    die "temporal: go install failed"
  fi
  mv -f "$staging/temporal" "$TEMPORAL_BIN"
  rm -rf "$staging"
  printf '%s\n' "$TEMPORAL_CLI_VERSION" >"$TEMPORAL_MARKER"
  log "temporal: installed $TEMPORAL_BIN in $(( ($(now_ms) - t0) / 1000 ))s"
}

# ---------------------------------------------------------------------------
# Temporal Java test server (time-skipping) via Maven
# ---------------------------------------------------------------------------
TTS_POM="$INFRA_DIR/maven/temporal-test-server/pom.xml"
TTS_MARKER="$TTS_DIR/.installed"
TTS_CDS="$TTS_DIR/app.jsa"

tts_marker_value() {
  printf 'temporal-test-server=%s pom=%s java=%s\n' \
    "$TEMPORAL_TEST_SERVER_VERSION" "$(file_sha "$TTS_POM")" "$(java_fingerprint)"
}

write_tts_wrapper() {
  mkdir -p "$BIN_DIR"
  cat >"$TTS_BIN.tmp" <<'WRAPPER'
#!/usr/bin/env bash
# Temporal Java test server (time-skipping), installed by infra/scripts/install.sh.
# usage: temporal-test-server <port> [--enable-time-skipping]
# Execs java, so the pid of this script IS the JVM's pid.
set -euo pipefail
self="$(readlink -f "${BASH_SOURCE[0]}")"
home="$(cd "$(dirname "$self")/../temporal-test-server" && pwd)"
cds=()
if [[ -n "${CLS_TTS_CDS_DUMP:-}" ]]; then
  # install-time only: record the classes loaded during startup
  cds=(-XX:ArchiveClassesAtExit="$CLS_TTS_CDS_DUMP" -Xlog:cds=off -Xlog:cds+dynamic=off)
elif [[ -f "$home/app.jsa" ]]; then
  cds=(-XX:SharedArchiveFile="$home/app.jsa")
fi
# shellcheck disable=SC2086 # CLS_TTS_JAVA_OPTS is intentionally word-split
exec java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -Xmx256m \
  -XX:-UsePerfData "${cds[@]}" ${CLS_TTS_JAVA_OPTS:-} \
  -cp "$home/lib/*" io.temporal.testserver.TestServer "$@"
WRAPPER
  chmod 0755 "$TTS_BIN.tmp"
  mv -f "$TTS_BIN.tmp" "$TTS_BIN"
}

# free_port: an unused local TCP port (best effort).
free_port() {
  local p i
  for i in $(seq 1 50); do
    p=$((20000 + (RANDOM % 20000)))
    port_open "$p" || {
      printf '%s\n' "$p"
      return 0
    }
    : "$i"
  done
  return 1
}

# Measure how long the test server takes until its port accepts connections.
# Prints milliseconds or fails.
tts_time_start() {
  local port pid t0 t1 deadline
  port="$(free_port)" || return 1
  t0="$(now_ms)"
  "$TTS_BIN" "$port" >/dev/null 2>&1 &
  pid=$!
  deadline=$((t0 + 20000))
  while ! port_open "$port"; do
    if ! kill -0 "$pid" 2>/dev/null || (($(now_ms) > deadline)); then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
      return 1
    fi
    sleep 0.02
  done
  t1="$(now_ms)"
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  printf '%s\n' "$((t1 - t0))"
}

# Generate an AppCDS archive of the classes the test server loads at startup,
# so later launches skip most class loading/verification (~2x faster start).
tts_generate_cds() {
  local port pid t0 tmp="$TTS_CDS.tmp"
  rm -f "$TTS_CDS" "$tmp"
  port="$(free_port)" || {
    warn "temporal-test-server: no free port for the CDS training run; skipping"
    return 0
  }
  log "temporal-test-server: generating AppCDS archive (training run on port $port)..."
  CLS_TTS_CDS_DUMP="$tmp" "$TTS_BIN" "$port" >"$TTS_DIR/.cds-training.log" 2>&1 &
  pid=$!
  t0="$(now_ms)"
  while ! port_open "$port"; do
    if ! kill -0 "$pid" 2>/dev/null || (($(now_ms) - t0 > 30000)); then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
      warn "temporal-test-server: CDS training run failed (see $TTS_DIR/.cds-training.log); continuing without archive"
      return 0
    fi
    sleep 0.05
  done
  # Let the server settle (gRPC services, first client connection).
  sleep 1
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [[ -s "$tmp" ]]; then
    mv -f "$tmp" "$TTS_CDS"
    log "temporal-test-server: AppCDS archive $(du -h "$TTS_CDS" | cut -f1) at $TTS_CDS"
  else
    rm -f "$tmp"
    warn "temporal-test-server: JVM did not write a CDS archive; continuing without it"
  fi
}

install_temporal_test_server() {
  require_java
  if [[ -x "$TTS_BIN" && -f "$TTS_MARKER" && "$(cat "$TTS_MARKER")" == "$(tts_marker_value)" ]]; then
    log "temporal-test-server: $TEMPORAL_TEST_SERVER_VERSION already installed ($TTS_BIN)"
    return 0
  fi
  require_mvn
  local t0 ms
  t0="$(now_ms)"
  rm -f "$TTS_MARKER"
  mkdir -p "$TTS_DIR"
  # Dependencies only need re-resolving when the pom changed.
  if [[ ! -f "$TTS_DIR/.pom.sha" || "$(cat "$TTS_DIR/.pom.sha")" != "$(file_sha "$TTS_POM")" ]] ||
    ! compgen -G "$TTS_LIB_DIR/temporal-test-server-*.jar" >/dev/null; then
    mvn_copy_deps "$TTS_POM" "$TTS_LIB_DIR" temporal-test-server
    file_sha "$TTS_POM" >"$TTS_DIR/.pom.sha"
  fi
  write_tts_wrapper
  tts_generate_cds
  if ms="$(tts_time_start)"; then
    log "temporal-test-server: start-up check OK, port accepted connections after ${ms} ms"
  else
    die "temporal-test-server: the installed server did not start; try: $TTS_BIN 17233"
  fi
  tts_marker_value >"$TTS_MARKER"
  log "temporal-test-server: installed $TTS_BIN in $(( ($(now_ms) - t0) / 1000 ))s"
}

# ---------------------------------------------------------------------------
# Kafka (KRaft) via Maven
# ---------------------------------------------------------------------------
KAFKA_POM="$INFRA_DIR/maven/kafka/pom.xml"
KAFKA_MARKER="$KAFKA_HOME/.installed"

kafka_marker_value() {
  printf 'kafka=%s pom=%s\n' "$KAFKA_VERSION" "$(file_sha "$KAFKA_POM")"
}

install_kafka() {
  require_java
  if [[ -f "$KAFKA_MARKER" && "$(cat "$KAFKA_MARKER")" == "$(kafka_marker_value)" ]] &&
    compgen -G "$KAFKA_LIBS/kafka_2.13-*.jar" >/dev/null; then
    log "kafka: Kafka $KAFKA_VERSION already installed ($KAFKA_HOME)"
    return 0
  fi
  require_mvn
  local t0
  t0="$(now_ms)"
  rm -f "$KAFKA_MARKER"
  mkdir -p "$KAFKA_HOME"
  mvn_copy_deps "$KAFKA_POM" "$KAFKA_LIBS" kafka
  log "kafka: checking the install (kafka.tools.StorageTool random-uuid)..."
  kafka_tool kafka.tools.StorageTool random-uuid >"$KAFKA_HOME/.version-check.log" 2>&1 || {
    show_log_tail "$KAFKA_HOME/.version-check.log" 20
    die "kafka: the installed libs do not run"
  }
  kafka_marker_value >"$KAFKA_MARKER"
  log "kafka: installed Kafka $KAFKA_VERSION into $KAFKA_HOME in $(( ($(now_ms) - t0) / 1000 ))s"
}

# ---------------------------------------------------------------------------
# Keycloak (Quarkus distribution) via Maven
# ---------------------------------------------------------------------------
KEYCLOAK_MARKER="$KEYCLOAK_HOME/.installed"

keycloak_marker_value() {
  printf 'keycloak=%s\n' "$KEYCLOAK_VERSION"
}

install_keycloak() {
  require_java
  if [[ -x "$KEYCLOAK_HOME/bin/kc.sh" && -f "$KEYCLOAK_MARKER" && "$(cat "$KEYCLOAK_MARKER")" == "$(keycloak_marker_value)" ]]; then
    log "keycloak: Keycloak $KEYCLOAK_VERSION already installed ($KEYCLOAK_HOME)"
    return 0
  fi
  require_mvn
  local t0 staging="$TOOLS_DIR/.staging-keycloak" logf="$TOOLS_DIR/.install-keycloak.log" rc=0 archive
  local -a extra=()
  # shellcheck disable=SC2206 # intentional word splitting of user-provided options
  [[ -n "$CLS_MAVEN_OPTS" ]] && extra=($CLS_MAVEN_OPTS)
  t0="$(now_ms)"
  rm -rf "$staging"
  mkdir -p "$staging"
  # The distribution is one archive (about 180 MB), not a set of jars: copied from the repository as it is.
  log "keycloak: fetching org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:tar.gz from Maven (log: $logf)"
  mvn -B "${extra[@]}" org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
    -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:tar.gz" -DoutputDirectory="$staging" >"$logf" 2>&1 || rc=$?
  archive="$staging/keycloak-quarkus-dist-$KEYCLOAK_VERSION.tar.gz"
  if [[ $rc -ne 0 || ! -s "$archive" ]]; then
    show_log_tail "$logf" 40
    rm -rf "$staging"
    die "keycloak: mvn dependency:copy failed (network/Maven Central reachable? proxy settings in ~/.m2/settings.xml or CLS_MAVEN_OPTS)"
  fi
  tar -xzf "$archive" -C "$staging"
  [[ -x "$staging/keycloak-$KEYCLOAK_VERSION/bin/kc.sh" ]] || die "keycloak: the archive holds no keycloak-$KEYCLOAK_VERSION/bin/kc.sh"
  rm -rf "$KEYCLOAK_HOME"
  mv "$staging/keycloak-$KEYCLOAK_VERSION" "$KEYCLOAK_HOME"
  rm -rf "$staging"
  log "keycloak: checking the install (kc.sh --version)..."
  timeout 300 "$KEYCLOAK_HOME/bin/kc.sh" --version >"$KEYCLOAK_HOME/.version-check.log" 2>&1 || {
    show_log_tail "$KEYCLOAK_HOME/.version-check.log" 20
    die "keycloak: the installed server does not run on $(java -version 2>&1 | head -n1)"
  }
  keycloak_marker_value >"$KEYCLOAK_MARKER"
  log "keycloak: installed Keycloak $KEYCLOAK_VERSION into $KEYCLOAK_HOME in $(( ($(now_ms) - t0) / 1000 ))s"
}

# ---------------------------------------------------------------------------
main() {
  local -a what=()
  local a
  if [[ $# -eq 0 ]]; then
    what=(postgres temporal temporal-test-server kafka keycloak chromium)
  fi
  for a in "$@"; do
    case "$a" in
      all) what=(postgres temporal temporal-test-server kafka keycloak chromium) ;;
      postgres | pg) what+=(postgres) ;;
      temporal) what+=(temporal) ;;
      temporal-test-server | test-server) what+=(temporal-test-server) ;;
      kafka) what+=(kafka) ;;
      keycloak) what+=(keycloak) ;;
      # The console's browser tests drive Debian's Chromium (install-chromium.sh).
      chromium) what+=(chromium) ;;
      -h | --help)
        usage
        return 0
        ;;
      *)
        usage >&2
        die "unknown component '$a'"
        ;;
    esac
  done
  mkdir -p "$TOOLS_DIR" 2>/dev/null || [[ -d "$TOOLS_DIR" ]] || die "cannot create $TOOLS_DIR"
  local t0
  t0="$(now_ms)"
  for a in "${what[@]}"; do
    case "$a" in
      postgres) with_lock postgres install_postgres ;;
      temporal) with_lock temporal install_temporal ;;
      temporal-test-server) with_lock temporal-test-server install_temporal_test_server ;;
      kafka) with_lock kafka install_kafka ;;
      keycloak) with_lock keycloak install_keycloak ;;
      chromium) with_lock chromium bash "$(dirname "${BASH_SOURCE[0]}")/install-chromium.sh" ;;
    esac
  done
  log "install: done (${what[*]}) in $(( ($(now_ms) - t0) / 1000 ))s"
}

main "$@"
