#!/usr/bin/env bash
# Audit the pinned requirements of both environments with pip-audit (installed in .venv).
#
#   ops/pip_audit.sh [--service pypi|osv] [--ignore-file FILE] [--print-command] [LOCK_FILE ...]
#
# Default lock files: requirements/app.lock and requirements/rasa.lock (fully pinned, so --no-deps
# --disable-pip: nothing is resolved or installed). Default service: pypi, PyPI's JSON API
# (https://pypi.org/pypi/<name>/<version>/json); osv needs https://api.osv.dev.
# Known findings we accept are listed in ops/pip-audit-ignore.txt: "--ignore-vuln ID" lines,
# each under (or followed by) a "# justification" comment.
# Exit status: 0 no known vulnerability, 1 vulnerabilities found, 2 wrong arguments or ignore file,
# 3 the vulnerability service could not be reached or did not answer for some packages (audit incomplete).
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PIP_AUDIT=${PIP_AUDIT:-$ROOT/.venv/bin/pip-audit}
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}

usage() { echo "usage: ops/pip_audit.sh [--service pypi|osv] [--ignore-file FILE] [--print-command] [LOCK_FILE ...]" >&2; exit 2; }
fail() { echo "pip_audit: $1" >&2; exit 2; }

service=pypi ignore_file=$ROOT/ops/pip-audit-ignore.txt print_only=0 locks=()
while [[ $# -gt 0 ]]; do
    case $1 in
        --service) [[ $# -ge 2 ]] || usage; service=$2; shift 2 ;;
        --ignore-file) [[ $# -ge 2 ]] || usage; ignore_file=$2; shift 2 ;;
        --print-command) print_only=1; shift ;;
        -h|--help) usage ;;
        -*) echo "pip_audit: unknown option $1" >&2; usage ;;
        *) locks+=("$1"); shift ;;
    esac
done
[[ $service == pypi || $service == osv ]] || fail "unknown service $service (pypi or osv)"
[[ ${#locks[@]} -gt 0 ]] || locks=("$ROOT/requirements/app.lock" "$ROOT/requirements/rasa.lock")
for lock in "${locks[@]}"; do [[ -r $lock ]] || fail "cannot read $lock"; done
[[ -r $ignore_file ]] || fail "cannot read the ignore file $ignore_file"

# "--ignore-vuln ID" lines, each justified by a comment on the line above or at the end of the line.
ignores=() justified=0 number=0
while IFS= read -r line || [[ -n $line ]]; do
    number=$((number + 1))
    line=${line#"${line%%[![:space:]]*}"}
    if [[ -z $line ]]; then justified=0
    elif [[ $line == \#* ]]; then justified=1
    elif [[ $line =~ ^--ignore-vuln[[:space:]]+([A-Za-z0-9._:-]+)[[:space:]]*(#.*)?$ ]]; then
        [[ $justified == 1 || -n ${BASH_REMATCH[2]} ]] || fail "$ignore_file:$number: ${BASH_REMATCH[1]} has no justification comment"
        ignores+=(--ignore-vuln "${BASH_REMATCH[1]}")
        justified=0
    else
        fail "$ignore_file:$number: expected '--ignore-vuln ID  # why', got: $line"
    fi
done < "$ignore_file"

command_for() {  # the pip-audit call for one lock file, writing JSON to $2
    printf '%s\0' "$PIP_AUDIT" --requirement "$1" --no-deps --disable-pip --vulnerability-service "$service" \
        --progress-spinner off --format json --output "$2" "${ignores[@]}"
}

if [[ $print_only == 1 ]]; then
    for lock in "${locks[@]}"; do
        mapfile -d '' call < <(command_for "$lock" "<json>")
        printf '%q ' "${call[@]}"; echo
    done
    exit 0
fi

# The JSON report, summed up: each vulnerability, then what could not be audited; the exit status as above.
summarise='
import json, sys
deps = json.load(open(sys.argv[1]))["dependencies"]
vulns = [(d["name"], d["version"], v["id"], ", ".join(v["fix_versions"]) or "none")
         for d in deps for v in d.get("vulns", [])]
skipped = [d for d in deps if "skip_reason" in d]
for vuln in vulns:
    print("  VULNERABLE %s %s: %s (fixed in: %s)" % vuln)
if skipped and len(skipped) == len(deps):
    print("  UNREACHABLE: the service answered for none of the %d packages (%s)" % (len(deps), skipped[0]["skip_reason"]))
elif skipped:
    print("  NOT AUDITED: %d of %d packages, e.g. %s" % (len(skipped), len(deps), skipped[0]["skip_reason"]))
print(f"  {len(deps) - len(skipped)} packages audited, {len(vulns)} vulnerabilities not in the ignore file")
sys.exit(10 if vulns else 13 if skipped else 0)
'

status=0 work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for lock in "${locks[@]}"; do
    echo "$lock ($service):"
    mapfile -d '' call < <(command_for "$lock" "$work/report.json")
    rm -f "$work/report.json"
    "${call[@]}" 2>"$work/stderr"
    if [[ ! -s $work/report.json ]]; then
        echo "  UNREACHABLE: pip-audit could not query the $service vulnerability service:"
        grep -v '^WARNING' "$work/stderr" | tail -n 1 | sed 's/^/    /'
        result=13
    else
        "$PYTHON" -c "$summarise" "$work/report.json"
        result=$?  # 10 vulnerabilities, 13 some packages not audited, anything else but 0 an unreadable report
    fi
    if [[ $result == 10 ]]; then status=1
    elif [[ $result != 0 && $status == 0 ]]; then status=3
    fi
done
if [[ $status == 3 ]]; then
    echo "AUDIT INCOMPLETE: the $service vulnerability service did not answer for every package;" \
         "this is not a clean result (exit 3)." >&2
fi
exit "$status"
