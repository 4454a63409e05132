#!/usr/bin/env bash
# `npm run bench`: the event store, the projections and the worker, each beside its baseline, in databases of their own that they drop.
# Starts PostgreSQL if needed and stops it afterwards only if it had to start it.
#
#   BENCH_CONTRACTS=2000 BENCH_EVENTS_PER_CONTRACT=50 BENCH_OPS=1000 npm run bench     (the defaults)
#   BENCH_CONTRACTS=64 BENCH_EVENTS_PER_CONTRACT=5 BENCH_OPS=400 BENCH_AUDIT=0 BENCH_PROJECTIONS=0 BENCH_WORKER=0 BENCH_PIPELINE=0 npm run bench   (a quick look, under a minute)
#   BENCH_WORKER_CONTRACTS=1000 BENCH_WORKER_COMMANDS=400 BENCH_WORKER_EVICTION_SAMPLE=200   (the worker part's defaults)
#   BENCH_PIPELINE_RATE=50 BENCH_PIPELINE_SECONDS=30 BENCH_PIPELINE_CONTRACTS=100   (the pipeline part's defaults)
set -euo pipefail
# shellcheck source=infra/scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/../infra/scripts/env.sh"
cd "$REPO_ROOT"

[[ -d node_modules ]] || npm ci

# Captured before matching: piping status.sh into `grep -q` lets it die of SIGPIPE, which pipefail reports as
# a failed match.
# The worker benchmark (BENCH_WORKER=0 skips it) needs Temporal beside PostgreSQL.
needed=(postgres)
[[ "${BENCH_WORKER:-1}" == 0 && "${BENCH_PIPELINE:-1}" == 0 ]] || needed+=(temporal)
# The pipeline benchmark (BENCH_PIPELINE=0 skips it) runs the whole stack, so it needs Kafka too.
[[ "${BENCH_PIPELINE:-1}" == 0 ]] || needed+=(kafka)
status="$(bash infra/scripts/status.sh)"
started_here=()
for service in "${needed[@]}"; do
  grep -Eq "^\[infra\] $service +running" <<<"$status" || started_here+=("$service")
done
if ((${#started_here[@]} > 0)); then
  trap 'bash infra/scripts/down.sh "${started_here[@]}"' EXIT
fi
bash infra/scripts/up.sh "${needed[@]}"

export DATABASE_URL="${DATABASE_URL:-postgres://cls@$CLS_HOST:$CLS_PG_PORT/cls}"
# The append is measured beside pgbench running its statements on the same server.
export BENCH_PGBENCH="${BENCH_PGBENCH:-$PG_BIN/pgbench}"
started=$SECONDS
# --expose-gc: the benchmark collects garbage before reading memory, so it reports what stays live.
node --expose-gc --conditions=development -r @swc-node/register libs/event-store/bench/event-store.bench.ts
# What an event costs the read models early and late in a contract's life (BENCH_PROJECTIONS=0 skips it).
if [[ "${BENCH_PROJECTIONS:-1}" != 0 ]]; then
  node --conditions=development -r @swc-node/register apps/reporting/bench/projections.bench.ts
fi
if [[ "${BENCH_WORKER:-1}" != 0 ]]; then
  # The contract workflow beside a bare workflow of the same shape, on the same Temporal server and PostgreSQL.
  TEMPORAL_ADDRESS="${TEMPORAL_ADDRESS:-$CLS_HOST:$CLS_TEMPORAL_PORT}" BENCH_TEMPORAL_PID_FILE="$RUN_DIR/temporal.pid" \
    node --expose-gc --conditions=development -r @swc-node/register apps/worker/bench/worker.bench.ts
fi
if [[ "${BENCH_PIPELINE:-1}" != 0 ]]; then
  # Every app of the stack under a steady rate of commands: how late events reach the read models.
  TEMPORAL_ADDRESS="${TEMPORAL_ADDRESS:-$CLS_HOST:$CLS_TEMPORAL_PORT}" KAFKA_BROKERS="${KAFKA_BROKERS:-$CLS_HOST:$CLS_KAFKA_PORT}" \
    node --conditions=development -r @swc-node/register test/bench/pipeline.bench.ts
fi
echo "[bench] finished in $((SECONDS - started))s"
