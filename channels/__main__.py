"""`python -m channels pending [--list]`: what is waiting to be delivered, without personal data.

`python -m channels zalo-worker [--once]`: answer the Zalo inbound queue in a process of its own
(settings in `channels.zalo.worker`; set ZALO_WORKER_IN_WEB=0 for the web app then). `--once` stops
when nothing is queued any more.
`python -m channels zalo-queue [--failed]`: the Zalo inbound queue counted by status, and the failed
messages (ids, attempts, last error; the sender masked).
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys

from channels.pending import pending_groups, pending_messages
from channels.zalo import queue as zalo_queue
from localization import N_, gettext_for
from storage.database import session_factory, session_scope, upgrade, utcnow

_ = gettext_for("vi")
NOTHING_PENDING = N_("Không có tin nhắn nào đang chờ gửi.")
GROUP_LINE = N_("{channel} / {reason}: {count} tin, cũ nhất {age}")
MESSAGE_LINE = N_("#{id} {channel} người nhận …{recipient} ({reason}), chờ {age}")
DAYS_HOURS = N_("{days} ngày {hours} giờ")
HOURS_MINUTES = N_("{hours} giờ {minutes} phút")
ZALO_QUEUE_EMPTY = N_("Hàng chờ tin nhắn Zalo trống.")
ZALO_QUEUE_LINE = N_("Tin nhắn Zalo {status}: {count}")
ZALO_QUEUE_OLDEST = N_("Tin nhắn Zalo cũ nhất chưa trả lời: chờ {age}")
ZALO_FAILED_LINE = N_("#{id} người gửi …{sender}, {attempts} lần thử, lỗi cuối: {error} (nhận lúc {received})")


def age(since: dt.datetime, now: dt.datetime) -> str:
    hours, seconds = divmod(max(int((now - since).total_seconds()), 0), 3600)
    if hours >= 24:
        return _(DAYS_HOURS).format(days=hours // 24, hours=hours % 24)
    return _(HOURS_MINUTES).format(hours=hours, minutes=seconds // 60)


def mask(recipient: str) -> str:
    """Only the last 4 characters: enough for staff to tell messages apart, not to identify the resident."""
    return recipient[-4:]


def show_pending(args: argparse.Namespace) -> None:
    upgrade()
    now = utcnow()
    with session_scope() as session:
        groups = pending_groups(session)
        messages = pending_messages(session, args.channel, args.reason) if args.list else []
    if not groups:
        print(_(NOTHING_PENDING))
    for group in groups:
        print(_(GROUP_LINE).format(channel=group.channel, reason=group.reason, count=group.count,
                                   age=age(group.oldest, now)))
    for message in messages:
        print(_(MESSAGE_LINE).format(id=message.id, channel=message.channel, recipient=mask(message.recipient),
                                     reason=message.reason, age=age(message.created_at, now)))


def zalo_worker(args: argparse.Namespace) -> None:
    from channels.zalo.settings import ZaloSettings
    from channels.zalo.worker import Bot, InboundWorker, QueueSettings
    from observability.logs import configure_logging

    upgrade()
    if not configure_logging("zalo"):
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = ZaloSettings.from_env()
    if settings is None:
        sys.exit("ZALO_APP_ID and the signing secret are not set: the Zalo channel is off.")
    worker = InboundWorker(session_factory(), settings, Bot.from_env(), QueueSettings.from_env())

    def nothing_queued() -> bool:
        with session_scope() as session:
            return not zalo_queue.has_queued(session)

    worker.run(until_idle=nothing_queued if args.once else None)


def show_zalo_queue(args: argparse.Namespace) -> None:
    upgrade()
    now = utcnow()
    with session_scope() as session:
        counts, oldest = zalo_queue.counts(session), zalo_queue.oldest_queued(session)
        failed = zalo_queue.failed_events(session) if args.failed else []
        rows = [(e.id, e.sender, e.attempts, e.last_error, e.received_at) for e in failed]
    if not counts:
        print(_(ZALO_QUEUE_EMPTY))
    for status, count in counts.items():
        print(_(ZALO_QUEUE_LINE).format(status=status, count=count))
    if oldest is not None:
        print(_(ZALO_QUEUE_OLDEST).format(age=age(oldest, now)))
    for event_id, sender, attempts, error, received in rows:
        print(_(ZALO_FAILED_LINE).format(id=event_id, sender=mask(sender), attempts=attempts, error=error or "-",
                                         received=received.isoformat(timespec="seconds")))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m channels", description=__doc__)
    commands = parser.add_subparsers(required=True)
    pending = commands.add_parser("pending", help="counts of undelivered messages by channel and reason")
    pending.add_argument("--list", action="store_true", help="also list the oldest messages (recipient masked)")
    pending.add_argument("--channel", help="only this channel (with --list)")
    pending.add_argument("--reason", help="only this reason (with --list)")
    pending.set_defaults(run=show_pending)
    worker = commands.add_parser("zalo-worker", help="answer the Zalo inbound queue (a process of its own)")
    worker.add_argument("--once", action="store_true", help="stop when nothing is queued any more")
    worker.set_defaults(run=zalo_worker)
    zalo = commands.add_parser("zalo-queue", help="the Zalo inbound queue counted by status")
    zalo.add_argument("--failed", action="store_true", help="also list the failed messages (sender masked)")
    zalo.set_defaults(run=show_zalo_queue)
    args = parser.parse_args(argv)
    args.run(args)


if __name__ == "__main__":
    main()
