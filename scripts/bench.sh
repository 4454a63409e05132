#!/usr/bin/env bash
# `npm run bench`: the event store benchmark against the local PostgreSQL, in a database of its own that it drops.
# Starts PostgreSQL if needed and stops it afterwards only if it had to start it.
#
#   BENCH_CONTRACTS=2000 BENCH_EVENTS_PER_CONTRACT=50 BENCH_OPS=1000 npm run bench     (the defaults)
#   BENCH_CONTRACTS=64 BENCH_EVENTS_PER_CONTRACT=5 BENCH_OPS=400 BENCH_AUDIT=0 npm run bench   (a quick look, under a minute)
set -euo pipefail
# shellcheck source=infra/scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/../infra/scripts/env.sh"
cd "$REPO_ROOT"

[[ -d node_modules ]] || npm ci

# Captured before matching: piping status.sh into `grep -q` lets it die of SIGPIPE, which pipefail reports as
# a failed match.
status="$(bash infra/scripts/status.sh)"
if ! grep -Eq '^\[infra\] postgres +running' <<<"$status"; then
  trap 'bash infra/scripts/down.sh postgres' EXIT
fi
bash infra/scripts/up.sh postgres

export DATABASE_URL="${DATABASE_URL:-postgres://cls@$CLS_HOST:$CLS_PG_PORT/cls}"
# The append is measured beside pgbench running its statements on the same server.
export BENCH_PGBENCH="${BENCH_PGBENCH:-$PG_BIN/pgbench}"
started=$SECONDS
# --expose-gc: the benchmark collects garbage before reading memory, so it reports what stays live.
node --expose-gc --conditions=development -r @swc-node/register libs/event-store/bench/event-store.bench.ts
echo "[bench] finished in $((SECONDS - started))s"
