#!/usr/bin/env bash
# `npm test`: every suite against real servers. Installs and starts what is missing, and stops afterwards
# whatever it had to start itself, so a developer's running `npm run start` is left as it was.
set -euo pipefail
# shellcheck source=../infra/scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/../infra/scripts/env.sh"
cd "$REPO_ROOT"

# Runs one phase and reports its time; returns the phase's own exit code, so `phase … || status=$?` keeps it.
phase() {
  local name="$1"; shift
  local started=$SECONDS rc=0
  echo "::: $name"
  "$@" || rc=$?
  echo "::: $name took $((SECONDS - started))s"
  return "$rc"
}

[[ -d node_modules ]] || phase "npm install" npm install --no-audit --no-fund
phase "install tools" bash infra/scripts/install.sh all

# Status is read once into a variable: `status.sh | grep -q` under pipefail fails when grep closes the pipe early.
status_now="$(bash infra/scripts/status.sh)"
stopped=()
# Keycloak too: the single sign-on spec signs people in on it.
for service in postgres temporal kafka keycloak; do
  grep -Eq "^\[infra\] $service +running" <<< "$status_now" || stopped+=("$service")
done
servers=()
keycloak_start=""
for service in "${stopped[@]}"; do [[ "$service" == keycloak ]] && keycloak_start=pending || servers+=("$service"); done
if ((${#stopped[@]} > 0)); then
  # A Keycloak still starting when the run ends is stopped with the rest, its start abandoned.
  trap '[[ "$keycloak_start" =~ ^[0-9]+$ ]] && kill "$keycloak_start" 2>/dev/null; bash infra/scripts/down.sh "${stopped[@]}"' EXIT
fi
((${#servers[@]} == 0)) || phase "start ${servers[*]}" bash infra/scripts/up.sh "${servers[@]}"
# Keycloak takes minutes to start on two cores and is needed only by jest: it starts while the code is checked.
keycloak_log="$DATA_DIR/logs/keycloak-start.log"
if [[ -n "$keycloak_start" ]]; then
  mkdir -p "$(dirname "$keycloak_log")"
  bash infra/scripts/up.sh keycloak > "$keycloak_log" 2>&1 &
  keycloak_start=$!
fi

export DATABASE_URL="${DATABASE_URL:-postgres://cls@$CLS_HOST:$CLS_PG_PORT/cls}"
export TEMPORAL_ADDRESS="${TEMPORAL_ADDRESS:-$CLS_HOST:$CLS_TEMPORAL_PORT}"
export KAFKA_BROKERS="${KAFKA_BROKERS:-$CLS_HOST:$CLS_KAFKA_PORT}"
# The realm checked or started above (env.sh derives it from CLS_KEYCLOAK_PORT).
export KEYCLOAK_ISSUER

phase "typecheck and lint" npx nx run-many -t typecheck lint --outputStyle=static
phase "bundle workflows" npx nx run workflows:bundle --outputStyle=static

if [[ -n "$keycloak_start" ]]; then
  rc=0; phase "wait for keycloak" wait "$keycloak_start" || rc=$?
  cat "$keycloak_log"
  # The single sign-on spec then fails and says why; the other suites still run.
  ((rc == 0)) || echo "::: keycloak did not start (exit $rc)"
  keycloak_start=""
fi

results="$DATA_DIR/jest-results.json"
mkdir -p "$DATA_DIR"
rm -f "$results" "$DATA_DIR/test-summary.txt"
status=0
phase "jest (unit, integration, workflow, replay, end-to-end)" \
  npx jest --ci --maxWorkers=2 --json --outputFile="$results" "$@" || status=$?
phase_codes=()
# A run narrowed to some specs (`npm test -- path`) is a targeted run: the fuzz and fault phases belong to the whole suite.
if (($# == 0)); then
  rc=0; phase "fuzz (schemathesis against both OpenAPI documents)" bash test/fuzz/run.sh || rc=$?
  phase_codes+=("$rc"); ((rc == 0)) || status=$rc
  rc=0; phase "faults (kill -9 and server outages on a private instance, under load)" bash scripts/faults.sh || rc=$?
  phase_codes+=("$rc"); ((rc == 0)) || status=$rc
  rc=0; phase "scale-out (two of each app on three brokers; one of each, and a broker, killed under load)" \
    bash scripts/faults.sh scale-out || rc=$?
  phase_codes+=("$rc"); ((rc == 0)) || status=$rc
fi
# The closing count covers every phase: jest's tests, plus the fuzz, fault and scale-out phases as one test each. It is written
# to a file too, because CI reads a run's closing lines and `.ci/run` prints it again as its very last line.
summary="$DATA_DIR/test-summary.txt"
node -e '
  const [results, ...phases] = process.argv.slice(1);
  const r = require(results);
  const failedPhases = phases.filter((rc) => rc !== "0").length;
  const passed = r.numPassedTests + phases.length - failedPhases;
  console.log(`tests: ${passed} passed, ${r.numFailedTests + failedPhases} failed, ${r.numPendingTests} skipped`);
' "$results" "${phase_codes[@]}" | tee "$summary"
exit "$status"
