#!/usr/bin/env bash
# Set up everything the test suite needs and run it: the README's test command, and what CI runs.
#
#   bash scripts/test.sh [pytest args...]
#
# 1. a virtualenv in .venv with newsfacet installed editable, with the dev and es extras;
# 2. Debian's chromium for the browser test (installed when missing and we are root);
# 3. a real single-node Elasticsearch on 127.0.0.1 (scripts/es_node.sh), stopped on exit;
# 4. pytest over tests/.
# Set NEWSFACET_SKIP_ES=1 to run without Elasticsearch (its tests then skip, except in CI).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
PYTHON="${PYTHON:-python3}"

log() { echo "test.sh: $*" >&2; }

setup_venv() {
    [[ -x .venv/bin/python ]] || "$PYTHON" -m venv .venv
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e ".[dev,es,web]"
}

ensure_chromium() {
    command -v chromium >/dev/null && return 0
    if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
        log "installing Debian's chromium for the browser test"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq && apt-get install -y -qq chromium >/dev/null
    else
        log "chromium is missing and cannot be installed here: the browser test will skip"
    fi
}

start_elasticsearch() {
    if [[ "${NEWSFACET_SKIP_ES:-}" == 1 ]]; then
        log "NEWSFACET_SKIP_ES=1: Elasticsearch tests will skip"
        return 0
    fi
    if [[ -n "${NEWSFACET_ES_URL:-}" ]]; then
        log "using the cluster at $NEWSFACET_ES_URL"
        return 0
    fi
    bash scripts/es_node.sh start
    trap 'bash scripts/es_node.sh stop || true' EXIT
    export NEWSFACET_ES_URL="http://127.0.0.1:${NEWSFACET_ES_PORT:-9200}"
}

setup_venv
ensure_chromium
start_elasticsearch
set +e
.venv/bin/python -m pytest "$@"
status=$?
set -e
# pytest's 5 means it collected no test: that is a failure for us, never a pass.
exit "$status"
