#!/usr/bin/env bash
# Proves every pin of every lock file is served by the public package index, as on a machine
# that has never seen ours: pip's configuration files, environment variables and local wheel
# folders are switched off (--isolated, PIP_CONFIG_FILE=/dev/null), and each lock is resolved
# with the interpreter of its environment (--dry-run: metadata only, nothing installed).
# A pin that only a local folder serves (e.g. torch==2.13.0+cpu) fails here.
#   ops/check_public_install.sh            all five locks
#   ops/check_public_install.sh LOCK PYTHON  one lock with one interpreter
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)

check() {  # lock file, python interpreter
    local lock=$1 python=$2 log
    log=$(mktemp)
    echo ">> public index only: $(basename "$lock") ($("$python" -c 'import sys; print("Python %d.%d" % sys.version_info[:2])'))"
    if ! env -u PIP_FIND_LINKS -u PIP_INDEX_URL -u PIP_EXTRA_INDEX_URL -u PIP_CONSTRAINT PIP_CONFIG_FILE=/dev/null \
        "$python" -m pip install --isolated --disable-pip-version-check --dry-run --ignore-installed --no-deps \
        --quiet -r "$lock" >"$log" 2>&1; then
        echo "FAIL: $(basename "$lock") is not installable from the public index alone:" >&2
        grep -E "^ERROR: (Could not|No matching)" "$log" >&2 || cat "$log" >&2
        rm -f "$log"
        return 1
    fi
    rm -f "$log"
}

if [[ $# -eq 2 ]]; then
    check "$1" "$2"
    exit
fi
status=0
for lock in app app-dev embedder; do
    check "$ROOT/requirements/$lock.lock" "$ROOT/.venv/bin/python" || status=1
done
for lock in rasa rasa-dev; do
    check "$ROOT/requirements/$lock.lock" "$ROOT/.venv-rasa/bin/python" || status=1
done
exit $status
