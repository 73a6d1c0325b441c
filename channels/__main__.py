"""`python -m channels pending [--list]`: what is waiting to be delivered, without personal data."""

from __future__ import annotations

import argparse
import datetime as dt

from channels.pending import pending_groups, pending_messages
from localization import N_, gettext_for
from storage.database import session_scope, upgrade, utcnow

_ = gettext_for("vi")
NOTHING_PENDING = N_("Không có tin nhắn nào đang chờ gửi.")
GROUP_LINE = N_("{channel} / {reason}: {count} tin, cũ nhất {age}")
MESSAGE_LINE = N_("#{id} {channel} người nhận …{recipient} ({reason}), chờ {age}")
DAYS_HOURS = N_("{days} ngày {hours} giờ")
HOURS_MINUTES = N_("{hours} giờ {minutes} phút")


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


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m channels", description=__doc__)
    commands = parser.add_subparsers(required=True)
    pending = commands.add_parser("pending", help="counts of undelivered messages by channel and reason")
    pending.add_argument("--list", action="store_true", help="also list the oldest messages (recipient masked)")
    pending.add_argument("--channel", help="only this channel (with --list)")
    pending.add_argument("--reason", help="only this reason (with --list)")
    pending.set_defaults(run=show_pending)
    args = parser.parse_args(argv)
    args.run(args)


if __name__ == "__main__":
    main()
