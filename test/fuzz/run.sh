#!/usr/bin/env bash
# The fuzz phase of `npm test`: schemathesis against the OpenAPI documents of the API and the reporting service, on
# apps it starts itself against the running PostgreSQL, Temporal and Kafka, and stops. Bounded: each schemathesis run
# has its time budget (FUZZ_MAX_TIME_S), and the whole phase is ended at FUZZ_PHASE_TIMEOUT_S (default 420 s).
set -euo pipefail
# shellcheck source=../../infra/scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../infra/scripts/env.sh"
cd "$REPO_ROOT"

st="$(bash infra/scripts/install-schemathesis.sh)"
# TERM first, so the runner stops the apps it started; KILL if it has not gone 30 s later.
exec timeout --signal=TERM --kill-after=30 "${FUZZ_PHASE_TIMEOUT_S:-420}" \
  node --conditions=development -r @swc-node/register test/fuzz/schemathesis.ts "$st"
