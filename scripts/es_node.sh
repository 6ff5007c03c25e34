#!/usr/bin/env bash
# Local single-node Elasticsearch for newsfacet's tests and CI.
#
#   scripts/es_node.sh start|stop|status|pid
#
# The node comes from the `integ-test-zip` distribution on Maven Central
# (fetched with mvn, since only package registries are reachable). That zip
# has no bundled JDK and few modules: no analysis-common (no language
# analyzers, stemmer, asciifolding, cjk...), no painless, no ingest.
#
# Environment (all optional):
#   NEWSFACET_ES_VERSION    ES version to fetch            (default 8.19.21)
#   NEWSFACET_ES_HOME       cache + run dir                (default $REPO/.cache/elasticsearch;
#                           as root /var/cache/newsfacet/elasticsearch, which the node's user can
#                           reach even when the clone sits in a private, mode-700 directory)
#   NEWSFACET_ES_PORT       HTTP port on 127.0.0.1         (default 9200)
#   NEWSFACET_ES_HEAP       JVM heap, for -Xms and -Xmx    (default 512m)
#   NEWSFACET_ES_JAVA_OPTS  extra JVM options
#   NEWSFACET_ES_USER       user the node runs as when started by root (default newsfacet-es)
#   NEWSFACET_ES_KEEP_DATA  1 = keep indices from the previous run (default: start empty)
#   NEWSFACET_ES_START_TIMEOUT  seconds to wait for a yellow cluster (default 120)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ES_VERSION="${NEWSFACET_ES_VERSION:-8.19.21}"
if [[ $EUID -eq 0 ]]; then
    ES_CACHE="${NEWSFACET_ES_HOME:-/var/cache/newsfacet/elasticsearch}"
else
    ES_CACHE="${NEWSFACET_ES_HOME:-$REPO/.cache/elasticsearch}"
fi
ES_PORT="${NEWSFACET_ES_PORT:-9200}"
ES_HEAP="${NEWSFACET_ES_HEAP:-512m}"
ES_USER="${NEWSFACET_ES_USER:-newsfacet-es}"
ES_TIMEOUT="${NEWSFACET_ES_START_TIMEOUT:-120}"
ES_URL="http://127.0.0.1:${ES_PORT}"

ES_ARTIFACT="org.elasticsearch.distribution.integ-test-zip:elasticsearch:${ES_VERSION}:zip"
ES_ZIP="$ES_CACHE/dist/elasticsearch-${ES_VERSION}.zip"
ES_DIST="$ES_CACHE/elasticsearch-${ES_VERSION}"
# One run dir per port, so two nodes on different ports do not share state.
RUN_DIR="$ES_CACHE/run-${ES_PORT}"
CONF_DIR="$RUN_DIR/config"
DATA_DIR="$RUN_DIR/data"
LOG_DIR="$RUN_DIR/logs"
PID_FILE="$RUN_DIR/es.pid"
START_MARK="$RUN_DIR/.start-mark"
NODE_LOG="$LOG_DIR/newsfacet-test.log"   # ES names its log after cluster.name
CLI_LOG="$LOG_DIR/cli.out"

log() { echo "es_node: $*" >&2; }
die() { log "$*"; exit 1; }

# --- fetching and unpacking ----------------------------------------------

fetch_dist() {
    [[ -s "$ES_ZIP" ]] && return 0
    command -v mvn >/dev/null || die "mvn not found; it is needed to fetch $ES_ARTIFACT"
    log "fetching $ES_ARTIFACT (one-off, ~100 MB)"
    mkdir -p "$ES_CACHE/dist"
    # -B: CI has no terminal; copy into a temp dir so a half download is never taken for a zip.
    local tmp="$ES_CACHE/dist/.partial"
    rm -rf "$tmp"
    # mvn's own output (terminal escapes even with -q) goes to a log, shown only on failure.
    local mvn_log="$ES_CACHE/dist/mvn.log"
    if ! mvn -B -q dependency:copy -Dartifact="$ES_ARTIFACT" -DoutputDirectory="$tmp" \
        >"$mvn_log" 2>&1; then
        tail -n 20 "$mvn_log" >&2
        die "mvn could not fetch $ES_ARTIFACT (is version $ES_VERSION on Maven Central?)"
    fi
    mv "$tmp/elasticsearch-${ES_VERSION}.zip" "$ES_ZIP"
    rm -rf "$tmp"
}

unpack_dist() {
    [[ -x "$ES_DIST/bin/elasticsearch" ]] && return 0
    command -v unzip >/dev/null || die "unzip not found (apt-get install unzip)"
    log "unpacking $ES_ZIP"
    local tmp="$ES_CACHE/.unpack"
    rm -rf "$tmp"
    mkdir -p "$tmp"
    unzip -q "$ES_ZIP" -d "$tmp"
    mv "$tmp/elasticsearch-${ES_VERSION}" "$ES_DIST"
    rm -rf "$tmp"
}

# --- who runs the node -----------------------------------------------------

# ES refuses to run as root, so root hands the node to a system user.
ensure_user() {
    [[ $EUID -ne 0 ]] && return 0
    id -u "$ES_USER" >/dev/null 2>&1 && return 0
    log "creating system user $ES_USER"
    useradd --system --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin "$ES_USER"
}

# Runs a command as the node's user (as ourselves when not root).
as_es_user() {
    if [[ $EUID -eq 0 ]]; then
        runuser -u "$ES_USER" -- "$@"
    else
        "$@"
    fi
}

# --- configuration -----------------------------------------------------------

java_home() {
    if [[ -n "${ES_JAVA_HOME:-}" ]]; then echo "$ES_JAVA_HOME"; return; fi
    if [[ -n "${JAVA_HOME:-}" ]]; then echo "$JAVA_HOME"; return; fi
    local java
    java="$(command -v java)" || die "no java on PATH and no JAVA_HOME; ES ${ES_VERSION} needs Java 17+"
    dirname "$(dirname "$(readlink -f "$java")")"
}

# Unknown settings abort startup, so only name x-pack ones when the module is there.
security_setting() {
    if [[ -d "$ES_DIST/modules/x-pack-security" ]]; then
        echo "xpack.security.enabled: false"
    fi
}

write_config() {
    mkdir -p "$CONF_DIR" "$DATA_DIR" "$LOG_DIR"
    if [[ "${NEWSFACET_ES_KEEP_DATA:-0}" != 1 ]]; then
        # Tests expect an empty node; stale indices from a crashed run would leak in.
        rm -rf "${DATA_DIR:?}"/*
    fi
    # A private config dir: ES writes its keystore there, and the dist stays pristine.
    cp -R "$ES_DIST/config/." "$CONF_DIR/"
    cat >"$CONF_DIR/elasticsearch.yml" <<EOF
# Written by scripts/es_node.sh on every start; edit the script, not this file.
cluster.name: newsfacet-test
node.name: newsfacet-test-node
discovery.type: single-node
network.host: 127.0.0.1
http.port: ${ES_PORT}
path.data: ${DATA_DIR}
path.logs: ${LOG_DIR}
action.destructive_requires_name: false
# Absolute free-space watermarks: a disk that is 95% full but has GBs left
# must not turn indices read-only in the middle of a test run.
cluster.routing.allocation.disk.watermark.low: 1gb
cluster.routing.allocation.disk.watermark.high: 512mb
cluster.routing.allocation.disk.watermark.flood_stage: 256mb
$(security_setting)
EOF
    if [[ $EUID -eq 0 ]]; then
        chown -R "$ES_USER" "$RUN_DIR"
    fi
}

# --- process handling ------------------------------------------------------

node_pid() {
    [[ -s "$PID_FILE" ]] || return 1
    local pid
    pid="$(cat "$PID_FILE")"
    kill -0 "$pid" 2>/dev/null || return 1
    echo "$pid"
}

http_get() { curl -fsS --max-time 5 "$ES_URL$1"; }

health() { http_get "/_cluster/health" 2>/dev/null | sed -n 's/.*"status":"\([a-z]*\)".*/\1/p'; }

# Not GET /: this build lacks the rest-root module, so / answers 405.
es_version() { http_get "/_cat/nodes?h=version" 2>/dev/null | head -n1 | tr -d ' '; }

show_log_tail() {
    log "node did not come up; last lines of the logs:"
    local f
    for f in "$CLI_LOG" "$NODE_LOG"; do
        # Skip a node log left over from an earlier run; it would only mislead.
        [[ -s "$f" && "$f" -nt "$START_MARK" ]] || continue
        echo "--- $f" >&2
        tail -n 30 "$f" >&2
    done
    return 0
}

wait_for_health() {
    local deadline=$((SECONDS + ES_TIMEOUT)) status
    while ((SECONDS < deadline)); do
        status="$(health || true)"
        if [[ "$status" == yellow || "$status" == green ]]; then
            return 0
        fi
        # A node that died will never answer; stop waiting early.
        if ! node_pid >/dev/null && ((SECONDS > 5)); then
            return 1
        fi
        sleep 1
    done
    return 1
}

# $1: the Java home to run on.
launch() {
    local jhome="$1"
    # Something else on the port would make us report a node that is not ours.
    if curl -s --max-time 2 -o /dev/null "$ES_URL"; then
        die "$ES_URL already answers but is not our node (no live pid in $PID_FILE)"
    fi
    log "starting Elasticsearch ${ES_VERSION} on $ES_URL (heap $ES_HEAP)"
    rm -f "$PID_FILE"
    touch "$START_MARK"
    # -d: daemonize, -p: pidfile; with -d the launcher only returns once the
    # node is up or has failed. cd to the log dir because the dist's
    # jvm.options writes gc.log and heap dumps relative to the working dir.
    (
        cd "$LOG_DIR"
        as_es_user env \
            ES_JAVA_HOME="$jhome" \
            ES_PATH_CONF="$CONF_DIR" \
            ES_JAVA_OPTS="-Xms$ES_HEAP -Xmx$ES_HEAP ${NEWSFACET_ES_JAVA_OPTS:-}" \
            "$ES_DIST/bin/elasticsearch" -d -p "$PID_FILE" </dev/null >"$CLI_LOG" 2>&1
    )
}

# --- subcommands -------------------------------------------------------------

cmd_start() {
    if node_pid >/dev/null; then
        log "already running (pid $(node_pid))"
        cmd_status
        return 0
    fi
    local t0=$SECONDS
    fetch_dist
    unpack_dist
    ensure_user
    if [[ $EUID -eq 0 ]] && ! as_es_user test -x "$ES_DIST/bin/elasticsearch"; then
        die "$ES_USER cannot reach $ES_DIST; point NEWSFACET_ES_HOME at a world-readable place"
    fi
    write_config
    local jhome
    jhome="$(java_home)"
    if ! launch "$jhome" || ! wait_for_health; then
        show_log_tail
        cmd_stop >/dev/null 2>&1 || true
        exit 1
    fi
    echo "Elasticsearch $(es_version) up at $ES_URL (health $(health), pid $(node_pid), $((SECONDS - t0))s)"
}

cmd_stop() {
    local pid
    if ! pid="$(node_pid)"; then
        echo "not running"
        rm -f "$PID_FILE"
        return 0
    fi
    log "stopping pid $pid"
    kill -TERM "$pid"
    # SIGTERM lets ES flush and close shards; give it 30 s before forcing.
    local i
    for ((i = 0; i < 30; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 1
    done
    if kill -0 "$pid" 2>/dev/null; then
        log "still alive after 30 s, sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
    fi
    rm -f "$PID_FILE"
    echo "stopped"
}

cmd_status() {
    local pid
    if pid="$(node_pid)"; then
        echo "running: pid $pid, $ES_URL, version $(es_version || true), health $(health || echo unknown)"
    else
        echo "not running"
        return 3
    fi
}

main() {
    case "${1:-}" in
        start) cmd_start ;;
        stop) cmd_stop ;;
        status) cmd_status ;;
        pid) node_pid ;;  # the live node's pid, for tests that freeze it; exit 1 when none
        *) echo "usage: $0 start|stop|status|pid" >&2; exit 2 ;;
    esac
}

main "$@"
