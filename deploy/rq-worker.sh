#!/bin/sh
# Start one RQ worker for the queue named by a systemd instance "QUEUE-N" (gov-worker@notify-2):
# several instances per queue consume it safely (compare-and-set claims, SKIP LOCKED sweeps).
set -eu
queue=${1%-*}
case "$queue" in default|notify|documents) ;; *) echo "unknown queue $queue" >&2; exit 2 ;; esac
exec "${GOV_HOME:-/opt/gov}/.venv/bin/rq" worker -w jobs.worker.AppWorker --with-scheduler \
  --url "$REDIS_URL" --name "$(hostname)-$1" "$queue"
