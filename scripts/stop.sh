#!/usr/bin/env bash
# `npm run stop`: stops the apps that `npm run start` started, then the infrastructure.
set -euo pipefail
# shellcheck source=apps.sh
source "$(dirname "${BASH_SOURCE[0]}")/apps.sh"
stop_apps
bash "$REPO_ROOT/infra/scripts/down.sh"
