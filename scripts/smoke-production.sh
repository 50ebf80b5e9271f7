#!/usr/bin/env bash
# Production smoke test (issue 23 §5): gunicorn (2 workers), 2 RQ workers and rq cron on a
# throw-away PostgreSQL database and the local Redis, one journey over HTTP
# (scripts/smoke_journey.py), then the restore drill (scripts/restore-drill.sh) on the data it
# left; every process stopped by its PID. Called by .ci/run.
# Settings: PGHOST (127.0.0.1), SMOKE_REDIS_DB (14, flushed), SMOKE_PORT (18765),
# SMOKE_WEB_WORKERS (2); SMOKE_RUN: a command run against the deployment instead of the journey
# and the drill, with BASE_URL and ACCOUNTS set (benchmarks/load.py uses it).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PGHOST=${PGHOST:-127.0.0.1}
db="test_smoke_$$"
work=$(mktemp -d /tmp/gov-smoke.XXXXXX)
port=${SMOKE_PORT:-18765}
pids=()

export DATABASE_URL="postgresql://postgres@$PGHOST/$db"
export REDIS_URL="redis://127.0.0.1:6379/${SMOKE_REDIS_DB:-14}"
export SECRET_KEY="smoke-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export INSTANCE_PATH="$work/instance"
export FLASK_APP=wsgi DEMO_MODE=1 LOG_LEVEL=WARNING GUNICORN_WORKERS=${SMOKE_WEB_WORKERS:-2} GUNICORN_BIND="127.0.0.1:$port"
mkdir -p "$INSTANCE_PATH"

cleanup() {
  status=$?
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  if [ "$status" -ne 0 ]; then
    for log in "$work"/*.log; do echo "== $log"; tail -n 40 "$log"; done
  fi
  redis-cli -u "$REDIS_URL" flushdb >/dev/null 2>&1 || true
  psql -h "$PGHOST" -U postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT HUP INT PIPE TERM

started=$SECONDS
redis-cli -u "$REDIS_URL" flushdb >/dev/null
psql -h "$PGHOST" -U postgres -qc "CREATE DATABASE $db"
$BIN/flask db upgrade heads >"$work/migrate.log" 2>&1
# Workers and cron first: they deliver the demo data's notifications while it loads.
for n in 1 2; do
  $BIN/rq worker -w jobs.worker.AppWorker --with-scheduler --url "$REDIS_URL" --name "smoke-$$-$n" \
    default notify documents >"$work/worker-$n.log" 2>&1 & pids+=($!)
done
$BIN/rq cron jobs.schedule --url "$REDIS_URL" >"$work/cron.log" 2>&1 & pids+=($!)
$BIN/flask demo load >"$work/demo.log" 2>&1
$BIN/flask demo accounts >"$work/accounts.txt" 2>&1
echo "smoke: database migrated and demo data loaded in $((SECONDS - started)) s"

PROMETHEUS_MULTIPROC_DIR="$work/prometheus" $BIN/gunicorn -c deploy/gunicorn.conf.py wsgi:app \
  >"$work/web.log" 2>&1 & pids+=($!)

export BASE_URL="http://127.0.0.1:$port" ACCOUNTS="$work/accounts.txt"
if [ -n "${SMOKE_RUN:-}" ]; then
  $BIN/python scripts/smoke_journey.py --wait-only "$BASE_URL" "$ACCOUNTS"
  bash -c "$SMOKE_RUN"
else
  $BIN/python scripts/smoke_journey.py "$BASE_URL" "$ACCOUNTS"
  echo "smoke: journey done at $((SECONDS - started)) s"
  # The restore drill on what the journey left: backup, fresh database, audit chain, document hashes.
  bash scripts/restore-drill.sh
fi
echo "smoke: processes ${pids[*]} stopped by PID; $((SECONDS - started)) s"
