"""`python -m notifications dispatch [--once] [--batch N]`: deliver the notification outbox (NOTIFY_* settings)."""

from __future__ import annotations

import argparse
import logging
import sys

from channels.push_adapters import adapters_from_env
from notifications.dispatcher import Dispatcher, DispatchSettings
from storage.database import session_factory, upgrade


def dispatch_command(args: argparse.Namespace) -> int:
    upgrade()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its request lines carry the bot token
    sessions = session_factory()
    Dispatcher(sessions, adapters_from_env(sessions), DispatchSettings.from_env(args.batch)).run(once=args.once)
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m notifications", description=__doc__)
    commands = parser.add_subparsers(required=True)
    dispatching = commands.add_parser("dispatch", help="deliver the pending notifications to their conversations")
    dispatching.add_argument("--once", action="store_true", help="stop when nothing is due instead of polling")
    dispatching.add_argument("--batch", type=int, help="rows claimed at a time (NOTIFY_BATCH_SIZE, 100)")
    dispatching.set_defaults(run=dispatch_command)
    args = parser.parse_args()
    sys.exit(args.run(args))


if __name__ == "__main__":
    main()
