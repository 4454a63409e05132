# Sourced by start.sh and stop.sh: where the apps' pid files and logs live, and the environment they share.
# shellcheck shell=bash
# shellcheck source=../infra/scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/../infra/scripts/env.sh"

APPS=(worker relay reporting api web)
APP_RUN_DIR="$RUN_DIR/apps"
APP_LOG_DIR="$LOG_DIR/apps"
DEV_SECRET_FILE="$DATA_DIR/dev-jwt-secret"
START_PID_FILE="$RUN_DIR/start.pid"
# 0 leaves PostgreSQL, Temporal, Kafka and Keycloak alone: start neither starts nor stops them, for servers run elsewhere.
CLS_START_INFRA="${CLS_START_INFRA:-1}"

export DATABASE_URL="${DATABASE_URL:-postgres://cls@$CLS_HOST:$CLS_PG_PORT/cls}"
export TEMPORAL_ADDRESS="${TEMPORAL_ADDRESS:-$CLS_HOST:$CLS_TEMPORAL_PORT}"
export KAFKA_BROKERS="${KAFKA_BROKERS:-$CLS_HOST:$CLS_KAFKA_PORT}"
export API_PORT="${API_PORT:-3000}"
export REPORTING_PORT="${REPORTING_PORT:-3002}"
# The console's port: the realm's client cls-console redirects only to http://127.0.0.1:3001 and http://localhost:3001.
export WEB_PORT="${WEB_PORT:-3001}"
# The development Keycloak's realm signs people's tokens; the development key's tokens are accepted beside them.
export AUTH_OIDC_ISSUER="${AUTH_OIDC_ISSUER:-$KEYCLOAK_ISSUER}"

# A development signing key made once per checkout and kept out of git; production sets JWT_SECRET itself.
dev_jwt_secret() {
  if [[ -z "${JWT_SECRET:-}" ]]; then
    mkdir -p "$DATA_DIR"
    [[ -s "$DEV_SECRET_FILE" ]] || (umask 077 && node -e "process.stdout.write(require('crypto').randomBytes(32).toString('hex'))" > "$DEV_SECRET_FILE")
    JWT_SECRET="$(cat "$DEV_SECRET_FILE")"
  fi
  export JWT_SECRET
}

# The console's session-cookie key, made once per checkout like the development signing key.
web_session_secret() {
  local file="$DATA_DIR/web-session-secret"
  if [[ -z "${WEB_SESSION_SECRET:-}" ]]; then
    mkdir -p "$DATA_DIR"
    [[ -s "$file" ]] || (umask 077 && node -e "process.stdout.write(require('crypto').randomBytes(32).toString('hex'))" > "$file")
    WEB_SESSION_SECRET="$(cat "$file")"
  fi
  export WEB_SESSION_SECRET
}

# The realm file's users, who sign in at the issuer (the console's sign-in page, or a direct grant for curl).
print_keycloak_users() {
  echo "  Single sign-on: $AUTH_OIDC_ISSUER (Keycloak admin console http://$CLS_HOST:$CLS_KEYCLOAK_PORT/admin, user admin, password in $KEYCLOAK_ADMIN_PASSWORD_FILE)"
  node -e '
    const realm = require(process.argv[1]);
    const rows = realm.users.map((u) => [u.username, u.realmRoles.join(",") || "(no role)", u.attributes.org[0]]);
    console.log("  Development users (password \"" + realm.users[0].credentials[0].value + "\"):");
    for (const [user, role, org] of rows) console.log("    " + user.padEnd(28) + role.padEnd(19) + org);
  ' "$KEYCLOAK_REALM_FILE"
  echo "  A token for one of them:  npm run -s token -- --user somerset-commissioner"
}

# Asks a process to stop (TERM), gives it 10 s to finish what it is doing, then kills it.
stop_pid() {
  local label="$1" pid="$2"
  kill -0 "$pid" 2>/dev/null || return 0
  echo "[apps] stopping $label (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

# Whatever app a pid file still names: what stop.sh stops when no `npm run start` is left to do it.
stop_apps() {
  local name pid_file
  for name in "${APPS[@]}"; do
    pid_file="$APP_RUN_DIR/$name.pid"
    [[ -f "$pid_file" ]] || continue
    stop_pid "$name" "$(cat "$pid_file")"
    rm -f "$pid_file"
  done
}

stop_infra() {
  if [[ "$CLS_START_INFRA" == 0 ]]; then
    echo "[apps] CLS_START_INFRA=0: leaving PostgreSQL, Temporal, Kafka and Keycloak running"
  else
    bash "$REPO_ROOT/infra/scripts/down.sh"
  fi
}
