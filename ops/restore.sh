#!/usr/bin/env bash
# Restore a dump made by ops/backup.sh into a database.
#
#   ops/restore.sh [--clean] [--yes] DUMP_FILE TARGET_URL
#
# The target database must exist. Without --clean it must be empty (no tables in public): a restore
# is never merged into live data. With --clean the objects in the dump are dropped first
# (pg_restore --clean --if-exists). Unless --yes is given, the script asks before writing.
# Exit status: 0 restored, 1 pg_restore failed, 2 wrong arguments, refused or not confirmed.
set -euo pipefail

usage() { echo "usage: ops/restore.sh [--clean] [--yes] DUMP_FILE TARGET_URL" >&2; exit 2; }
fail() { echo "restore: $1" >&2; exit "${2:-1}"; }
libpq_url() { printf '%s' "$1" | sed -E 's#^postgres(ql)?(\+[a-z0-9_]+)?://#postgresql://#'; }

clean=0 yes=0 args=()
for arg in "$@"; do
    case $arg in
        --clean) clean=1 ;;
        --yes) yes=1 ;;
        -h|--help) usage ;;
        -*) echo "restore: unknown option $arg" >&2; usage ;;
        *) args+=("$arg") ;;
    esac
done
[[ ${#args[@]} -eq 2 ]] || usage
dump_file=${args[0]}
url=$(libpq_url "${args[1]}")
[[ -r $dump_file ]] || fail "cannot read $dump_file" 2
[[ $url == postgresql://* ]] || fail "the target must be a PostgreSQL URL" 2
pg_restore --list "$dump_file" >/dev/null || fail "$dump_file is not a pg_dump custom-format file" 2

tables=$(psql --dbname="$url" --no-psqlrc --tuples-only --no-align \
    --command="SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") || fail "cannot connect to the target" 2
if [[ $clean == 0 && $tables != 0 ]]; then
    fail "the target has $tables tables: restore into an empty database, or pass --clean to replace them" 2
fi
database=$(psql --dbname="$url" --no-psqlrc --tuples-only --no-align --command="SELECT current_database()")
if [[ $yes == 0 ]]; then
    note="$tables tables now"
    [[ $clean == 0 ]] || note="$note, those in the dump dropped first"
    read -r -p "Restore $dump_file into database \"$database\" ($note)? Type the database name to go on: " answer || answer=""
    [[ $answer == "$database" ]] || fail "not confirmed, nothing restored" 2
fi

options=(--no-owner --no-privileges --exit-on-error --single-transaction)
[[ $clean == 0 ]] || options+=(--clean --if-exists)
pg_restore "${options[@]}" --dbname="$url" "$dump_file" || fail "pg_restore failed (the transaction was rolled back)"
echo "restored $dump_file into $database"
