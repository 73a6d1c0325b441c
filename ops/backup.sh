#!/usr/bin/env bash
# Back up the app database and the Rasa tracker database (PostgreSQL) with pg_dump's custom format.
#
#   APP_DATABASE_URL=postgresql+psycopg://... TRACKER_STORE_URL=postgresql+psycopg://... ops/backup.sh
#
# Writes <BACKUP_DIR>/app-<UTC time>.dump and rasa-<UTC time>.dump (BACKUP_DIR defaults to var/backups),
# each first as .partial and renamed only once pg_dump succeeded and pg_restore can list it.
# Without TRACKER_STORE_URL the script refuses, unless BACKUP_SKIP_RASA=1 says the tracker
# is kept elsewhere. BACKUP_KEEP_DAYS=N deletes this script's dumps older than N days after a good run.
# Exit status: 0 done, 1 a dump failed, 2 wrong settings.
set -euo pipefail

fail() { echo "backup: $1" >&2; exit "${2:-1}"; }

# SQLAlchemy URLs name the driver (postgresql+psycopg://); libpq tools want postgresql://.
libpq_url() { printf '%s' "$1" | sed -E 's#^postgres(ql)?(\+[a-z0-9_]+)?://#postgresql://#'; }

dump() {  # dump NAME URL
    local name=$1 url target
    url=$(libpq_url "$2")
    [[ $url == postgresql://* ]] || fail "$name: not a PostgreSQL URL (SQLite files are copied, not dumped)" 2
    target="$BACKUP_DIR/$name-$STAMP.dump"
    if ! pg_dump --format=custom --no-owner --no-privileges --dbname="$url" --file="$target.partial"; then
        rm -f "$target.partial"
        fail "$name: pg_dump failed"
    fi
    pg_restore --list "$target.partial" >/dev/null || { rm -f "$target.partial"; fail "$name: unreadable dump"; }
    mv "$target.partial" "$target"
    echo "$target"
}

BACKUP_DIR=${BACKUP_DIR:-var/backups}
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
[[ -n ${APP_DATABASE_URL:-} ]] || fail "APP_DATABASE_URL is not set" 2
if [[ -z ${TRACKER_STORE_URL:-} && ${BACKUP_SKIP_RASA:-0} != 1 ]]; then
    fail "TRACKER_STORE_URL is not set (BACKUP_SKIP_RASA=1 to back up the app database only)" 2
fi
mkdir -p "$BACKUP_DIR"
chmod 700 "$BACKUP_DIR"  # the dumps hold residents' personal data
umask 077

dump app "$APP_DATABASE_URL"
[[ -z ${TRACKER_STORE_URL:-} ]] || dump rasa "$TRACKER_STORE_URL"

if [[ -n ${BACKUP_KEEP_DAYS:-} ]]; then
    find "$BACKUP_DIR" -maxdepth 1 -type f \( -name 'app-*.dump' -o -name 'rasa-*.dump' \) \
        -mtime "+$BACKUP_KEEP_DAYS" -print -delete | sed 's/^/deleted /'
fi
