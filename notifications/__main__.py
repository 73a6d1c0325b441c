"""`python -m notifications dispatch [--once] [--batch N]`: deliver the notification outbox (NOTIFY_* settings).

With NOTIFY_HEALTH_PORT set, GET http://NOTIFY_HEALTH_HOST:NOTIFY_HEALTH_PORT/healthz answers 200 while the
loop polled or delivered within NOTIFY_HEALTH_STALE_SECONDS (120), else 503.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys

from channels.push_adapters import adapters_from_env
from notifications.dispatcher import Dispatcher, DispatchSettings
from observability.health_server import serve_health
from observability.logs import configure_logging
from storage.database import session_factory, upgrade


def dispatch_command(args: argparse.Namespace) -> int:
    upgrade()
    if not configure_logging("notify"):
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its request lines carry the bot token
    sessions = session_factory()
    dispatcher = Dispatcher(sessions, adapters_from_env(sessions), DispatchSettings.from_env(args.batch))
    if os.environ.get("NOTIFY_HEALTH_PORT") and not args.once:
        stale = float(os.environ.get("NOTIFY_HEALTH_STALE_SECONDS", "120"))
        serve_health(int(os.environ["NOTIFY_HEALTH_PORT"]), lambda: dispatcher.healthy(stale),
                     os.environ.get("NOTIFY_HEALTH_HOST", "127.0.0.1"))
    dispatcher.run(once=args.once)
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
