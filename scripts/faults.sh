#!/usr/bin/env bash
# The fault phases of `npm test`: a private PostgreSQL, Temporal and Kafka (own ports, own data dir, the shared tools
# dir), the apps on them, and faults injected under a light load (test/faults/run.ts). The shared servers are never
# touched: every infra call here runs with the private ports and data dir. The private servers are stopped on the way
# out, whatever happened; their data stays in .data/faults[-scale-out] for a post-mortem and is reset on the next run.
#
#   bash scripts/faults.sh [single|scale-out]
#
# `single` (the default) runs one of each app on one broker; `scale-out` runs two of each on three brokers
# (replication 3, min ISR 2) and kills one instance of each, and one broker, while the other carries the load.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$REPO_ROOT"

export FAULTS_TOPOLOGY="${1:-single}"
case "$FAULTS_TOPOLOGY" in
  single)
    export CLS_DATA_DIR="${FAULTS_DATA_DIR:-$REPO_ROOT/.data/faults}"
    export CLS_KAFKA_BROKERS=1
    export CLS_KAFKA_PORT="${FAULTS_KAFKA_PORT:-19192}"
    export CLS_KAFKA_CONTROLLER_PORT="${FAULTS_KAFKA_CONTROLLER_PORT:-19193}"
    ;;
  scale-out)
    export CLS_DATA_DIR="${FAULTS_SCALE_OUT_DATA_DIR:-$REPO_ROOT/.data/faults-scale-out}"
    # Brokers on the port and the next two, controllers on the three after them.
    export CLS_KAFKA_BROKERS=3
    export CLS_KAFKA_PORT="${FAULTS_KAFKA_PORT:-19192}"
    export CLS_KAFKA_CONTROLLER_PORT="$((CLS_KAFKA_PORT + 3))"
    export KAFKA_TOPIC_REPLICATION_FACTOR=3 KAFKA_TOPIC_MIN_INSYNC_REPLICAS=2
    ;;
  *) echo "usage: bash scripts/faults.sh [single|scale-out]" >&2; exit 2 ;;
esac
export CLS_PG_PORT="${FAULTS_PG_PORT:-55532}"
export CLS_TEMPORAL_PORT="${FAULTS_TEMPORAL_PORT:-7333}"
export CLS_TEMPORAL_UI_PORT="${FAULTS_TEMPORAL_UI_PORT:-8333}"
export CLS_TEMPORAL_HEADLESS=1
# A cluster dir of the caller's would be the shared one: the private cluster lives in the private data dir.
unset CLS_PG_DATA_DIR CLS_INFRA_ENV_SOURCED

# shellcheck source=../infra/scripts/env.sh
source infra/scripts/env.sh
export DATABASE_URL="postgres://cls@127.0.0.1:$CLS_PG_PORT/cls"
export TEMPORAL_ADDRESS="127.0.0.1:$CLS_TEMPORAL_PORT"
KAFKA_BROKERS="$(kafka_bootstrap)"
export KAFKA_BROKERS
unset CLS_INFRA_ENV_SOURCED

# Each run starts from empty servers, so its checks count only its own contracts.
bash infra/scripts/reset.sh > /dev/null
trap 'bash infra/scripts/down.sh > /dev/null 2>&1 || echo "[faults] could not stop the private servers in $CLS_DATA_DIR"' EXIT
bash infra/scripts/up.sh

# TERM first, so the runner stops the apps it started; KILL if it has not gone 30 s later.
timeout --signal=TERM --kill-after=30 "${FAULTS_PHASE_TIMEOUT_S:-600}" \
  node --conditions=development -r @swc-node/register test/faults/run.ts
