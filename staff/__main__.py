"""`python -m staff create-admin USERNAME | add-user USERNAME ROLE`: staff accounts from the command line.

The password is asked twice (not echoed), or read from STAFF_PASSWORD for scripts.
The URL is passed explicitly: `make_engine(None)` is cached, so it would keep the first URL it resolved.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from localization import N_
from staff.accounts import AccountError, create_user
from staff.audit import record
from staff.models import Role
from storage.database import database_url, session_scope, upgrade

CLI_ACTOR = "cli"
PASSWORDS_DIFFER = N_("Hai lần nhập mật khẩu không khớp.")


def read_password() -> str:
    if os.environ.get("STAFF_PASSWORD"):
        return os.environ["STAFF_PASSWORD"]
    password = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != password:
        raise AccountError(PASSWORDS_DIFFER)
    return password


def add_user(username: str, role: Role) -> int:
    try:
        with session_scope(database_url()) as session:
            user = create_user(session, username, read_password(), role)
            record(session, CLI_ACTOR, "user.create", "staff_user", user.username, role=user.role)
    except AccountError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"{user.username} ({user.role}) created")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m staff", description=__doc__)
    commands = parser.add_subparsers(required=True)
    admin = commands.add_parser("create-admin", help="create an administrator account (the first one)")
    admin.add_argument("username")
    admin.set_defaults(role=Role.ADMIN.value)
    adding = commands.add_parser("add-user", help="create an account with a role")
    adding.add_argument("username")
    adding.add_argument("role", choices=[role.value for role in Role])
    args = parser.parse_args(argv)
    upgrade()
    return add_user(args.username, Role(args.role))


if __name__ == "__main__":
    sys.exit(main())
