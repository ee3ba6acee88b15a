#!/usr/bin/env bash
# Throwaway PostgreSQL 15 server for the WebCrm tests.
#
# Sourced (as test.sh does):
#     source scripts/pg-test-server.sh
#     pg_test_server_start        # exports WEBCRM_TEST_PG; installs an EXIT/INT/TERM trap that stops it
#     ...                         # (or call pg_test_server_stop yourself, e.g. from your own trap)
#
# Executed:
#     scripts/pg-test-server.sh                  # start, print the connection string, wait for Ctrl-C
#     scripts/pg-test-server.sh -- CMD ARGS...   # start, run CMD with WEBCRM_TEST_PG set, stop, exit with CMD's code
#
# If WEBCRM_TEST_PG is already set, it is used as is and nothing is started.
# The cluster listens on 127.0.0.1 only, on the first free port from 55432 up (PG_TEST_PORT overrides the start),
# has role crm / password crm with CREATEDB, and lives in a temp dir that is deleted on stop.

PG_TEST_BIN="${PG_TEST_BIN:-/usr/lib/postgresql/15/bin}"
_pg_test_dir=""
_pg_test_started=0

_pg_test_log() { echo "pg-test-server: $*" >&2; }

# Runs a PostgreSQL binary as the cluster owner: postgres when we are root (initdb refuses root), else ourselves.
_pg_test_as_owner() {
    if [ "$(id -u)" = "0" ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

_pg_test_ensure_binaries() {
    [ -x "$PG_TEST_BIN/initdb" ] && return 0
    if [ "$(id -u)" != "0" ]; then
        _pg_test_log "PostgreSQL 15 binaries not found in $PG_TEST_BIN (install postgresql-15, or set WEBCRM_TEST_PG)"
        return 1
    fi
    _pg_test_log "installing PostgreSQL 15 with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2 || return 1
    apt-get install -y -qq postgresql-15 >&2 || apt-get install -y -qq postgresql >&2 || return 1
    if [ ! -x "$PG_TEST_BIN/initdb" ]; then
        _pg_test_log "no initdb in $PG_TEST_BIN after installing"
        return 1
    fi
}

_pg_test_port_busy() {
    # Something accepts connections there already?
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

pg_test_server_start() {
    if [ -n "${WEBCRM_TEST_PG:-}" ]; then
        _pg_test_log "using existing WEBCRM_TEST_PG, starting nothing"
        export WEBCRM_TEST_PG
        return 0
    fi
    _pg_test_ensure_binaries || return 1

    _pg_test_dir="$(mktemp -d /tmp/webcrm-pg.XXXXXX)" || return 1
    if [ "$(id -u)" = "0" ]; then
        chown postgres:postgres "$_pg_test_dir" || return 1
    fi
    trap pg_test_server_stop EXIT
    trap 'pg_test_server_stop; exit 130' INT
    trap 'pg_test_server_stop; exit 143' TERM

    if ! _pg_test_as_owner "$PG_TEST_BIN/initdb" -D "$_pg_test_dir/data" -U postgres -E UTF8 --locale=C.UTF-8 \
            --auth-local=trust --auth-host=scram-sha-256 >"$_pg_test_dir/initdb.log" 2>&1; then
        _pg_test_log "initdb failed:"; cat "$_pg_test_dir/initdb.log" >&2
        return 1
    fi

    local port="${PG_TEST_PORT:-55432}" last tries=0
    last=$((port + 50))
    while [ "$port" -le "$last" ]; do
        if _pg_test_port_busy "$port"; then
            port=$((port + 1)); continue
        fi
        if _pg_test_as_owner "$PG_TEST_BIN/pg_ctl" -D "$_pg_test_dir/data" -l "$_pg_test_dir/server.log" -w -t 60 \
                -o "-c listen_addresses=127.0.0.1 -p $port -k $_pg_test_dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
                start >/dev/null 2>&1; then
            _pg_test_started=1
            break
        fi
        tries=$((tries + 1))
        _pg_test_log "could not start on port $port, trying the next one"
        port=$((port + 1))
    done
    if [ "$_pg_test_started" != "1" ]; then
        _pg_test_log "server did not start; log:"; cat "$_pg_test_dir/server.log" >&2 2>/dev/null
        return 1
    fi

    if ! _pg_test_as_owner "$PG_TEST_BIN/psql" -X -q -h "$_pg_test_dir" -p "$port" -U postgres -d postgres \
            -v ON_ERROR_STOP=1 -c "CREATE ROLE crm LOGIN PASSWORD 'crm' CREATEDB" >&2; then
        _pg_test_log "could not create role crm"
        return 1
    fi

    export WEBCRM_TEST_PG="Host=127.0.0.1;Port=$port;Username=crm;Password=crm;Database=postgres"
    _pg_test_log "PostgreSQL 15 running on 127.0.0.1:$port (data in $_pg_test_dir)"
}

pg_test_server_stop() {
    if [ -n "$_pg_test_dir" ] && [ -d "$_pg_test_dir" ]; then
        if [ "$_pg_test_started" = "1" ]; then
            _pg_test_as_owner "$PG_TEST_BIN/pg_ctl" -D "$_pg_test_dir/data" -m immediate -w stop >/dev/null 2>&1 || true
            _pg_test_started=0
        fi
        rm -rf "$_pg_test_dir"
    fi
    _pg_test_dir=""
}

# Executed rather than sourced.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    pg_test_server_start
    if [ "${1:-}" = "--" ]; then
        shift
        set +e
        "$@"
        rc=$?
        exit "$rc"   # the EXIT trap stops the server
    fi
    echo "WEBCRM_TEST_PG=$WEBCRM_TEST_PG"
    echo "Press Ctrl-C to stop." >&2
    while true; do sleep 3600; done
fi
