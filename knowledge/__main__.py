"""`python -m knowledge`: set up the database, import the catalogue, export the seed.

`init-db` migrates, then fills each knowledge table that is still empty from
knowledge/data/ (so it never overwrites what staff changed, and picks up a data
file added later). The files, all optional except the seed and the ward CSV:

- seed_procedures.jsonl: one procedure per line, as `export-seed` writes it.
- aliases.yml: a list of {code: "1.004194", aliases: [đăng ký tạm trú, …]} (other keys,
  e.g. the official name for the reviewer, are ignored); codes not in the base are warned about.
- faq.yml: a list of {id, question, variants: [..], answer, links: [..]}.
- directory.yml: a list of {key, name, phone, url, description, kind}; kind is one of
  hotline, emergency, app, portal; unknown values are null.
- hcmc_old_to_new_wards.csv: old_province, old_district, old_ward, new_ward, mapping_type.

The database is APP_DATABASE_URL (default var/app.db).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session

from knowledge import importer, reference_data
from knowledge.models import AdminUnitMapping, DirectoryEntry, FaqEntry, Procedure, ProcedureAlias
from storage.database import make_engine, session_factory, session_scope, upgrade

DATA_DIR = reference_data.DATA_DIR
SEED = DATA_DIR / "seed_procedures.jsonl"


def _count(session: Session, model, *where) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where))


def init_db(_: argparse.Namespace) -> None:
    """Migrate, then load the shipped seed and curated data into the tables that are empty."""
    upgrade()
    with session_scope() as session:
        if _count(session, Procedure):
            print(f"procedures: {_count(session, Procedure)} already loaded (update with import-catalogue)")
        else:
            records, issues = importer.read_records(SEED, scope="all")
            report = importer.upsert_records(session, records)
            print(f"procedures: {report.created} loaded from {SEED.name}", *importer.issue_lines(issues)[1:],
                  sep="\n")
            session.flush()
        _load_curated(session)


def _load_curated(session: Session) -> None:
    aliases, faq, directory = DATA_DIR / "aliases.yml", DATA_DIR / "faq.yml", DATA_DIR / "directory.yml"
    steps = (
        ("aliases", aliases, lambda: _count(session, ProcedureAlias, ProcedureAlias.source == "curated"),
         lambda: reference_data.load_aliases(session, aliases)),
        ("FAQ", faq, lambda: _count(session, FaqEntry), lambda: reference_data.load_faq(session, faq)),
        ("directory", directory, lambda: _count(session, DirectoryEntry),
         lambda: reference_data.load_directory(session, directory)),
        ("ward mapping", reference_data.DATA_DIR / "hcmc_old_to_new_wards.csv",
         lambda: _count(session, AdminUnitMapping), lambda: reference_data.load_ward_mapping(session)),
    )
    for label, path, existing, load in steps:
        if not path.exists():
            print(f"{label}: {path.name} not found, skipped")
        elif count := existing():
            print(f"{label}: {count} already loaded")
        else:
            result = load()
            session.flush()
            warnings = result if isinstance(result, list) else []
            print(f"{label}: {existing()} loaded from {path.name}", *warnings, sep="\n")


def import_catalogue(args: argparse.Namespace) -> None:
    if not inspect(make_engine()).has_table("procedures"):
        sys.exit("The database has no knowledge tables yet: run `python -m knowledge init-db` first.")
    path = Path(args.path)
    options = {"force": args.force, "dry_run": args.dry_run, "retire_missing": args.retire_missing}
    # A dry run works in a transaction that is rolled back; a real one commits at the end.
    with (session_factory()() if args.dry_run else session_scope()) as session:
        if path.suffix.lower() in (".xlsx", ".csv"):
            report = importer.import_list_export(session, path, scope=args.scope, **options)
        else:
            records, issues = importer.read_records(path, scope=args.scope)
            report = importer.upsert_records(session, records, **options)
            report.issues = issues
        if args.dry_run:
            session.rollback()
    print("\n".join(report.lines()))


def export_seed(args: argparse.Namespace) -> None:
    with session_scope() as session:
        print(f"Wrote {importer.export_seed(session, args.output)} procedures to {args.output}")


def build_index(_: argparse.Namespace) -> None:
    """Load the knowledge base and build (or verify) the persisted search index."""
    from knowledge.service import knowledge_base

    print(f"Search index ready for {knowledge_base().count()} procedures.")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m knowledge", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(required=True)
    commands.add_parser("init-db", help=init_db.__doc__).set_defaults(run=init_db)
    catalogue = commands.add_parser(
        "import-catalogue", help="import the portal JSONL, the seed JSONL, or a portal list export (.xlsx/.csv)")
    catalogue.add_argument("path", type=Path)
    catalogue.add_argument("--scope", choices=["seed", "all"], default="seed",
                           help="seed (default): ward-level procedures and city-level ones for citizens; for a "
                                "list export, only codes already known. all: every record")
    catalogue.add_argument("--force", action="store_true", help="also overwrite fields staff edited")
    catalogue.add_argument("--dry-run", action="store_true", help="report what would change, write nothing")
    catalogue.add_argument("--retire-missing", action="store_true",
                           help="mark active procedures absent from this import as retired (use with a complete file)")
    catalogue.set_defaults(run=import_catalogue)
    export = commands.add_parser("export-seed", help="write the active procedures as the seed JSONL")
    export.add_argument("--output", type=Path, default=SEED, help=f"default: {SEED}")
    export.set_defaults(run=export_seed)
    commands.add_parser("build-index", help=build_index.__doc__).set_defaults(run=build_index)
    args = parser.parse_args(argv)
    args.run(args)


if __name__ == "__main__":
    main()
