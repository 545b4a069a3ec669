#!/usr/bin/env bash
# Schemathesis 4 against the live API: runserver, then gunicorn with production settings.
#
#     bench/schemathesis_live.sh [extra schemathesis run options]
#
# Every check, every phase (examples, coverage, fuzzing, stateful), positive and negative data
# (schemathesis.toml), 100 examples per operation, a fixed seed (SEED, default 20261121). Both
# servers read one temporary SQLite database with the fixtures loaded; the evaluate throttle is
# raised for the run (bench/conformance_settings.py) so evaluate requests reach the engine instead
# of the documented 429. gunicorn runs GUNICORN_WORKERS workers (default 2) on the shared cache
# CACHE_URL (default redis://127.0.0.1:6379/14) when redis answers there, else 1 worker on local
# memory. Servers listen on 127.0.0.1 only (ports RUNSERVER_PORT, GUNICORN_PORT) and are stopped
# at the end. Exits non-zero if either run finds a failure. Results go in docs/performance.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PY="$ROOT/.venv/bin/python"
ST="$ROOT/.venv/bin/schemathesis"
SEED="${SEED:-20261121}"
MAX_EXAMPLES="${MAX_EXAMPLES:-100}"
RUNSERVER_PORT="${RUNSERVER_PORT:-8771}"
GUNICORN_PORT="${GUNICORN_PORT:-8772}"
CACHE_URL_FOR_RUN="${CACHE_URL:-redis://127.0.0.1:6379/14}"

WORK="$(mktemp -d /tmp/schemathesis-live.XXXXXX)"
SERVER_PID=""
stop_server() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID"
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=""
}
trap 'stop_server; rm -rf "$WORK"' EXIT

export DATABASE_URL="sqlite:///$WORK/db.sqlite3"
export DJANGO_SETTINGS_MODULE=bench.conformance_settings
unset CACHE_URL
"$PY" manage.py migrate --noinput --verbosity 0
"$PY" manage.py load_fixtures

wait_for() {  # the schema answers, or give up after 30 s
    for _ in $(seq 60); do
        if curl -fs -o /dev/null "$1/api/v1/schema/?format=json"; then return 0; fi
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then echo "the server exited; its log:"; cat "$WORK/server.log"; return 1; fi
        sleep 0.5
    done
    echo "no answer from $1"; return 1
}

FAILED=0
conform() {  # conform NAME BASE_URL: the CLI run; its summary printed, its output kept in $WORK
    local name="$1" base="$2"
    echo "== $name: schemathesis $("$ST" --version 2>/dev/null | awk '{print $NF}') against $base"
    local command=("$ST" run "$base/api/v1/schema/?format=json" --checks all --max-examples "$MAX_EXAMPLES"
        --seed "$SEED" --no-color "${EXTRA[@]}")
    echo "   ${command[*]#"$ROOT/"}"
    local started=$SECONDS status=0
    "${command[@]}" >"$WORK/$name.txt" 2>&1 || status=$?
    sed -n '/^=* *SUMMARY/,$p' "$WORK/$name.txt"
    sed -n '/^=* *FAILURES/,/^=* *SUMMARY/p' "$WORK/$name.txt" | head -200
    local logged log_5xx  # the app logs every request as one JSON line (web.middleware)
    logged=$(grep -c '"logger": "ipg.requests"' "$WORK/server.log" || true)
    log_5xx=$(grep '"logger": "ipg.requests"' "$WORK/server.log" | grep -c '"status": 5[0-9][0-9]' || true)
    echo "   exit status $status, $((SECONDS - started)) s; the server logged $logged requests, $log_5xx of them 5xx"
    if [ "$status" -ne 0 ] || [ "$log_5xx" -ne 0 ] || [ "$logged" -eq 0 ]; then FAILED=1; fi
}
EXTRA=("$@")

# 1. runserver (development settings: DEBUG on).
"$PY" manage.py runserver "127.0.0.1:$RUNSERVER_PORT" --noreload >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
wait_for "http://127.0.0.1:$RUNSERVER_PORT"
conform runserver "http://127.0.0.1:$RUNSERVER_PORT"
stop_server

# 2. gunicorn, production settings (DEBUG off, a throwaway secret key, no SSL redirect on plain HTTP).
export DJANGO_ENV=production
export DJANGO_SECRET_KEY="schemathesis-live-$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
export DJANGO_ALLOWED_HOSTS=127.0.0.1
export DJANGO_SECURE_SSL_REDIRECT=0
export GUNICORN_BIND="127.0.0.1:$GUNICORN_PORT"
redis_host_port="${CACHE_URL_FOR_RUN#redis://}"
redis_host_port="${redis_host_port%%/*}"
if [[ "$CACHE_URL_FOR_RUN" == redis://* ]] && command -v redis-cli >/dev/null \
    && redis-cli -h "${redis_host_port%%:*}" -p "${redis_host_port##*:}" ping 2>/dev/null | grep -q PONG; then
    export CACHE_URL="$CACHE_URL_FOR_RUN"
    export GUNICORN_WORKERS="${GUNICORN_WORKERS:-2}"
else
    export GUNICORN_WORKERS=1  # several workers refuse to start without a shared cache
fi
echo "== gunicorn: $GUNICORN_WORKERS worker(s), cache ${CACHE_URL:-local memory}"
"$ROOT/.venv/bin/gunicorn" config.wsgi -c config/gunicorn.conf.py >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
wait_for "http://127.0.0.1:$GUNICORN_PORT"
conform gunicorn "http://127.0.0.1:$GUNICORN_PORT"
stop_server

if [ "$FAILED" -ne 0 ]; then echo "FAILED: see above"; exit 1; fi
echo "OK: no failures on runserver or gunicorn"
