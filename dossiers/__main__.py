"""`python -m dossiers import FILE [--dry-run] [--columns MAPPING.json]`: load the one-stop system's export."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from dossiers.importer import DEFAULT_COLUMNS, UnreadableFile, apply, preview
from storage.database import session_factory, upgrade


def import_command(args: argparse.Namespace) -> int:
    columns = json.loads(Path(args.columns).read_text(encoding="utf-8")) if args.columns else None
    upgrade()
    run = preview if args.dry_run else apply
    try:
        report = run(session_factory(), Path(args.path), columns, progress=True)
    except UnreadableFile as error:
        print(f"cannot read {error}; save it as CSV (UTF-8) or XLSX")
        return 1
    print(("DRY RUN, nothing written\n" if args.dry_run and not report.errors else "") + "\n".join(report.lines()))
    return 1 if report.errors else 0


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m dossiers", description=__doc__)
    commands = parser.add_subparsers(required=True)
    importing = commands.add_parser("import", help="import a CSV or XLSX export of dossiers and their status")
    importing.add_argument("path")
    importing.add_argument("--dry-run", action="store_true", help="check and count what would change, write nothing")
    importing.add_argument("--columns", help="JSON file mapping field names to header names; defaults: "
                           + json.dumps(DEFAULT_COLUMNS, ensure_ascii=False))
    importing.set_defaults(run=import_command)
    args = parser.parse_args()
    sys.exit(args.run(args))


if __name__ == "__main__":
    main()
