"""`python -m notifications dispatch [--once] [--batch N]`: deliver the notification outbox (NOTIFY_* settings).

`python -m notifications requeue [--channel X] [--since WHEN] [--dry-run]`: put dead notifications back to
pending (attempts reset, due now) once the cause is fixed, and print how many; WHEN is an ISO date or time
(UTC unless it has an offset, e.g. 2026-11-30T08:00+07:00) or an age such as 90m, 6h or 2d.

With NOTIFY_HEALTH_PORT set, GET http://NOTIFY_HEALTH_HOST:NOTIFY_HEALTH_PORT/healthz answers 200 while the
loop polled or delivered within NOTIFY_HEALTH_STALE_SECONDS (120), else 503.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import re
import sys

from channels.outbound import CHANNELS
from channels.push_adapters import adapters_from_env
from localization import N_, gettext_for
from notifications.dispatcher import Dispatcher, DispatchSettings
from notifications.outbox import requeue
from observability.health_server import serve_health
from observability.logs import configure_logging
from storage.database import session_factory, session_scope, upgrade, utcnow

_ = gettext_for("vi")
REQUEUED = N_("Đã đưa lại {count} thông báo không gửi được vào hàng chờ gửi.")
WOULD_REQUEUE = N_("Chạy thử: sẽ đưa lại {count} thông báo không gửi được vào hàng chờ gửi (chưa thay đổi gì).")
_AGE = re.compile(r"^(\d+)([mhd])$")
_AGE_UNITS = {"m": "minutes", "h": "hours", "d": "days"}


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


def since_time(value: str) -> dt.datetime:
    """--since: an age ("90m", "6h", "2d": that long ago) or an ISO date or time, as naive UTC like the database."""
    age = _AGE.match(value.strip())
    if age:
        return utcnow() - dt.timedelta(**{_AGE_UNITS[age.group(2)]: int(age.group(1))})
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date or time, nor an age like 6h: {value!r}") from None
    return moment.astimezone(dt.timezone.utc).replace(tzinfo=None) if moment.tzinfo else moment


def requeue_command(args: argparse.Namespace) -> int:
    upgrade()
    with session_scope() as session:
        count = requeue(session, args.channel, args.since, dry_run=args.dry_run)
    print(_(WOULD_REQUEUE if args.dry_run else REQUEUED).format(count=count))
    return 0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m notifications", description=__doc__)
    commands = parser.add_subparsers(required=True)
    dispatching = commands.add_parser("dispatch", help="deliver the pending notifications to their conversations")
    dispatching.add_argument("--once", action="store_true", help="stop when nothing is due instead of polling")
    dispatching.add_argument("--batch", type=int, help="rows claimed at a time (NOTIFY_BATCH_SIZE, 100)")
    dispatching.set_defaults(run=dispatch_command)
    requeuing = commands.add_parser("requeue", help="put dead notifications back to pending and print how many")
    requeuing.add_argument("--channel", choices=CHANNELS, help="only notifications to conversations on this channel")
    requeuing.add_argument("--since", type=since_time, metavar="WHEN",
                           help="only notifications recorded since then: ISO date or time (UTC unless an offset "
                                "is given) or an age such as 90m, 6h, 2d")
    requeuing.add_argument("--dry-run", action="store_true", help="only count them")
    requeuing.set_defaults(run=requeue_command)
    args = parser.parse_args(argv)
    sys.exit(args.run(args))


if __name__ == "__main__":
    main()
