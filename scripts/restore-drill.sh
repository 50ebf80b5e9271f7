#!/usr/bin/env bash
# Restore drill (issue 23 §4): back up the configured PostgreSQL database and instance directory
# (or take an existing backup with --from DIR), restore it into a FRESH database and instance
# directory, verify the audit hash chain (`flask audit verify`) and every issued document's
# SHA-256 (`flask backup verify`), compare row counts and document hashes with the source and
# the restored files with the backup, then drop the copy.
#   DATABASE_URL=postgresql://… INSTANCE_PATH=… scripts/restore-drill.sh [--from DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export FLASK_APP=wsgi
: "${DATABASE_URL:?DATABASE_URL (PostgreSQL) must name the database to back up}"
source_url=$DATABASE_URL
from=""
if [ "${1:-}" = "--from" ]; then from=$2; fi
work=$(mktemp -d /tmp/gov-drill.XXXXXX)
target_db="test_restore_drill_$$"
admin_url=$(python3 -c "import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path='/postgres')))" "$source_url")
target_url=$(python3 -c "import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path='/' + sys.argv[2])))" "$source_url" "$target_db")

cleanup() {
  status=$?
  trap - EXIT
  psql "$admin_url" -qc "DROP DATABASE IF EXISTS $target_db WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT HUP INT PIPE TERM

if [ -z "$from" ]; then
  from=$($BIN/flask backup create --dir "$work/backups" | tail -n 1)
  echo "drill: backup $from"
fi
psql "$admin_url" -qc "CREATE DATABASE $target_db"
DATABASE_URL=$target_url INSTANCE_PATH="$work/instance" $BIN/flask backup restore "$from" --yes
echo "drill: restored into $target_db"
DATABASE_URL=$target_url INSTANCE_PATH="$work/instance" $BIN/flask audit verify
DATABASE_URL=$target_url INSTANCE_PATH="$work/instance" $BIN/flask backup verify

# The copy holds what the source held: audit entries, issued documents and their hashes.
fingerprint="SELECT (SELECT count(*) FROM audit_entry) || ' audit entries, ' ||
  (SELECT count(*) FROM issued_document) || ' documents ' ||
  coalesce((SELECT md5(string_agg(sha256, ',' ORDER BY id)) FROM issued_document), '-')"
if [ -z "${1:-}" ]; then  # a fresh backup of the source: the source must match it exactly
  expected=$(psql "$source_url" -tAc "$fingerprint")
  restored=$(psql "$target_url" -tAc "$fingerprint")
  [ "$expected" = "$restored" ] || { echo "drill: FAILED source '$expected' != restored '$restored'"; exit 1; }
  echo "drill: source and copy match ($restored)"
fi
listed=$(tar -tzf "$from/files.tar.gz" | { grep -v '/$' || true; } | sort)
# (the fresh instance directory also holds the secret key the flask commands generated there)
present=$(cd "$work/instance" && find . -type f ! -name secret_key | sed 's|^\./||' | sort)
[ "$listed" = "$present" ] || { echo "drill: FAILED restored files differ from the backup:"
  diff <(echo "$listed") <(echo "$present") || true; exit 1; }
echo "drill: $(printf '%s' "$listed" | awk 'END { print NR }') uploaded files restored"
echo "drill: OK"
