"""`python -m open311 keys add NAME | list | revoke ID`: manage the API keys of Open311 clients.

`add` prints the new key once; only its SHA-256 is stored, so a lost key is revoked and replaced.
The URL is passed explicitly: `make_engine(None)` is cached, so it would keep the first URL it resolved.
"""

from __future__ import annotations

import argparse
import sys

from open311.keys import add_key, list_keys, revoke_key
from storage.database import database_url, session_scope, upgrade


def add(args: argparse.Namespace) -> int:
    with session_scope(database_url()) as session:
        row, key = add_key(session, args.name)
        print(f"#{row.id} {row.name}\n{key}\n(shown once: give it to the client now)")
    return 0


def show(_args: argparse.Namespace) -> int:
    with session_scope(database_url()) as session:
        for row in list_keys(session):
            state = f"revoked {row.revoked_at:%Y-%m-%d %H:%M} UTC" if row.revoked_at else "active"
            print(f"#{row.id}\t{row.name}\tcreated {row.created_at:%Y-%m-%d %H:%M} UTC\t{state}")
    return 0


def revoke(args: argparse.Namespace) -> int:
    with session_scope(database_url()) as session:
        found = revoke_key(session, args.id)
    print(f"#{args.id} revoked" if found else f"no key #{args.id}")
    return 0 if found else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m open311", description=__doc__)
    keys = parser.add_subparsers(required=True).add_parser("keys", help="API keys of Open311 clients")
    commands = keys.add_subparsers(required=True)
    adding = commands.add_parser("add", help="issue a key and print it once")
    adding.add_argument("name", help="who holds the key")
    adding.set_defaults(run=add)
    commands.add_parser("list", help="every key: id, name, created, revoked").set_defaults(run=show)
    revoking = commands.add_parser("revoke", help="revoke a key by its id")
    revoking.add_argument("id", type=int)
    revoking.set_defaults(run=revoke)
    args = parser.parse_args(argv)
    upgrade()
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
