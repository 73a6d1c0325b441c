"""ops/pip_audit.sh without the network: its arguments, the ignore file, and how it reads pip-audit's report.

A stand-in `pip-audit` (PIP_AUDIT) writes a canned JSON report, as pip-audit 2.10 does with --format json.
"""

import json
import os
import subprocess

import pytest

from tests.conftest import REPO_ROOT

SCRIPT = REPO_ROOT / "ops" / "pip_audit.sh"
FLASK = {"name": "flask", "version": "3.1.3", "vulns": []}
VULNERABLE = {"name": "example-package", "version": "1.0.0",
              "vulns": [{"id": "GHSA-0000-test-0001", "fix_versions": ["1.0.1"], "aliases": [], "description": ""}]}
NOT_FOUND = {"name": "rasa", "skip_reason": "Dependency not found on PyPI and could not be audited: rasa (3.6.21)"}


def run(*args: str, ignore: str = "", report: list | None = None, tmp_path, crash: bool = False):
    """The script with a fake pip-audit that records its arguments and writes `report` (or crashes)."""
    ignore_file = tmp_path / "ignore.txt"
    ignore_file.write_text(ignore, encoding="utf-8")
    fake = tmp_path / "pip-audit"
    (tmp_path / "report.json").write_text(json.dumps({"dependencies": report or [], "fixes": []}))
    fake.write_text(f"""#!/usr/bin/env bash
printf '%s\\n' "$@" >> {tmp_path}/calls
{"echo 'ConnectionError: api.osv.dev' >&2; exit 1" if crash else ""}
while [[ $# -gt 0 ]]; do [[ $1 == --output ]] && cp {tmp_path}/report.json "$2"; shift; done
""")
    fake.chmod(0o755)
    return subprocess.run(["bash", str(SCRIPT), "--ignore-file", str(ignore_file), *args], capture_output=True,
                          text=True, env={**os.environ, "PIP_AUDIT": str(fake)}, timeout=60)


def test_both_lock_files_are_audited_pinned_without_pip_and_with_the_justified_ignores(tmp_path):
    ignore = "# Rasa 3.6 pins this version; the affected feature is not used\n--ignore-vuln GHSA-aaaa-bbbb-cccc\n" \
             "\n--ignore-vuln PYSEC-2024-1  # only the CLI is affected, we never run it\n"
    result = run("--print-command", ignore=ignore, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    app, rasa = result.stdout.splitlines()
    assert "requirements/app.lock" in app and "requirements/rasa.lock" in rasa
    for line in (app, rasa):
        assert "--no-deps --disable-pip --vulnerability-service pypi" in line
        assert line.endswith("--ignore-vuln GHSA-aaaa-bbbb-cccc --ignore-vuln PYSEC-2024-1 ")


def test_the_shipped_ignore_file_is_valid():
    result = subprocess.run(["bash", str(SCRIPT), "--print-command"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(("ignore", "message"), [
    ("--ignore-vuln GHSA-aaaa-bbbb-cccc\n", "ignore.txt:1: GHSA-aaaa-bbbb-cccc has no justification comment"),
    ("# a reason\n\n--ignore-vuln GHSA-aaaa-bbbb-cccc\n", "ignore.txt:3: GHSA-aaaa-bbbb-cccc has no justification"),
    ("# a reason\nGHSA-aaaa-bbbb-cccc\n", "ignore.txt:2: expected '--ignore-vuln ID  # why'"),
])
def test_an_unjustified_or_malformed_ignore_line_is_refused(tmp_path, ignore, message):
    result = run("--print-command", ignore=ignore, tmp_path=tmp_path)
    assert result.returncode == 2 and message in result.stderr


@pytest.mark.parametrize("args", [["--service", "esms"], ["--frobnicate"], ["no/such.lock"], ["--service"]])
def test_wrong_arguments_exit_2(tmp_path, args):
    assert run(*args, tmp_path=tmp_path).returncode == 2


def test_a_clean_report_exits_0_and_a_vulnerability_exits_1_with_its_fixed_version(tmp_path):
    lock = str(REPO_ROOT / "requirements" / "app.lock")
    assert run(lock, report=[FLASK], tmp_path=tmp_path).returncode == 0
    result = run(lock, report=[FLASK, VULNERABLE], tmp_path=tmp_path)
    assert result.returncode == 1
    assert "VULNERABLE example-package 1.0.0: GHSA-0000-test-0001 (fixed in: 1.0.1)" in result.stdout


def test_an_unreachable_service_is_never_reported_as_clean(tmp_path):
    """pip-audit itself exits 0 when PyPI answers 404 for every package: the script exits 3 and says why."""
    everything_skipped = run(report=[NOT_FOUND], tmp_path=tmp_path)
    assert everything_skipped.returncode == 3
    assert "UNREACHABLE: the service answered for none of the 1 packages" in everything_skipped.stdout
    assert "AUDIT INCOMPLETE" in everything_skipped.stderr
    partly = run(report=[FLASK, NOT_FOUND], tmp_path=tmp_path)
    assert partly.returncode == 3 and "NOT AUDITED: 1 of 2 packages" in partly.stdout
    crashed = run("--service", "osv", crash=True, tmp_path=tmp_path)
    assert crashed.returncode == 3 and "could not query the osv vulnerability service" in crashed.stdout
    assert "ConnectionError: api.osv.dev" in crashed.stdout
