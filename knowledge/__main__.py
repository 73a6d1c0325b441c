"""`python -m knowledge`: set up the database, import the catalogue, export the seed."""

from __future__ import annotations

import argparse
from pathlib import Path

from sqlalchemy import func, select

from knowledge import importer, reference_data
from knowledge.models import Procedure
from storage.database import session_scope, upgrade

SEED = reference_data.DATA_DIR / "seed_procedures.jsonl"


def init_db(_: argparse.Namespace) -> None:
    """Migrate, then load the shipped seed and curated data into an empty knowledge base."""
    upgrade()
    with session_scope() as session:
        if session.scalar(select(func.count()).select_from(Procedure)):
            print("Knowledge base already loaded; use import-catalogue to update it.")
            return
        records, _ = importer.read_records(SEED)
        report = importer.upsert_records(session, records)
        session.flush()
        warnings = reference_data.load_aliases(session)
        counts = (reference_data.load_faq(session), reference_data.load_directory(session),
                  reference_data.load_ward_mapping(session))
    print(f"Loaded {report.created} procedures, {counts[0]} FAQ entries, {counts[1]} directory entries, "
          f"{counts[2]} ward mappings.", *warnings, sep="\n")


def import_catalogue(args: argparse.Namespace) -> None:
    upgrade()
    path = Path(args.path)
    with session_scope() as session:
        if path.suffix.lower() in (".xlsx", ".csv"):
            report = importer.update_from_list_export(session, path, dry_run=args.dry_run)
        else:
            records, issues = importer.read_records(path, scope=args.scope)
            report = importer.upsert_records(session, records, force=args.force, dry_run=args.dry_run)
            report.issues = issues
    print(("DRY RUN, nothing written\n" if args.dry_run else "") + "\n".join(report.lines()))


def export_seed(_: argparse.Namespace) -> None:
    with session_scope() as session:
        print(f"Wrote {importer.export_seed(session, SEED)} procedures to {SEED}")


def audit(args: argparse.Namespace) -> None:
    """Render every answer of every record and flag what a resident could not act on (knowledge/audit.py)."""
    from knowledge.audit import run_audit

    path = Path(args.path) if args.path else next(
        (p for p in (reference_data.REPO_ROOT.parent / "shared" / "data" / "catalogue" / "procedures_light.jsonl",)
         if p.exists()), SEED)
    records, _ = importer.read_records(path, scope="all")
    counts, unaccepted = run_audit(records, Path(args.csv))
    print(f"Audited {len(records)} records from {path} (CSV: {args.csv})")
    for flag, count in sorted(counts.items()):
        print(f"  {flag}: {count}")
    print(f"  flags without a reviewed exception: {len(unaccepted)}")
    for flag in unaccepted[:20]:
        print(f"    {flag.code} {flag.flag}: {flag.detail}")
    if unaccepted:
        raise SystemExit(1)


def build_index(_: argparse.Namespace) -> None:
    """Load the knowledge base and build (or verify) the persisted search index."""
    from knowledge.service import knowledge_base

    print(f"Search index ready for {knowledge_base().count()} procedures.")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m knowledge", description=__doc__)
    commands = parser.add_subparsers(required=True)
    commands.add_parser("init-db", help=init_db.__doc__).set_defaults(run=init_db)
    catalogue = commands.add_parser("import-catalogue", help="import a portal JSONL, the seed, or a list export")
    catalogue.add_argument("path")
    catalogue.add_argument("--scope", choices=["seed", "all"], default="seed",
                           help="seed: ward-level plus city-level procedures for citizens")
    catalogue.add_argument("--force", action="store_true", help="overwrite fields staff edited")
    catalogue.add_argument("--dry-run", action="store_true", help="report what would change, write nothing")
    catalogue.set_defaults(run=import_catalogue)
    audit_command = commands.add_parser("audit", help="flag answers a resident could not act on (make test)")
    audit_command.add_argument("path", nargs="?", help="portal JSONL (default: ../shared/data catalogue, else seed)")
    audit_command.add_argument("--csv", default="var/audit/knowledge_audit.csv")
    audit_command.set_defaults(run=audit)
    commands.add_parser("export-seed", help="write knowledge/data/seed_procedures.jsonl").set_defaults(
        run=export_seed)
    commands.add_parser("build-index", help=build_index.__doc__).set_defaults(run=build_index)
    args = parser.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
