#!/usr/bin/env bash
# `npm run -s token -- --role R --org O --sub S`: a development bearer token signed with the local key.
set -euo pipefail
# shellcheck source=apps.sh
source "$(dirname "${BASH_SOURCE[0]}")/apps.sh"
dev_jwt_secret
cd "$REPO_ROOT"
exec node --conditions=development -r @swc-node/register libs/auth/src/mint-token.cli.ts "$@"
