"""`python -m retention run [--dry-run]`: erase personal data older than its retention period, print the counts."""

from __future__ import annotations

import argparse
import sys

from localization import N_, gettext_for
from retention.job import periods, run
from retention.rules import HANDOFF_MESSAGES, LOOKUP_SENDERS, REPORT_PHONES, ZALO_EVENTS
from retention.settings import RetentionSettings
from storage.database import database_url, session_factory, upgrade

_ = gettext_for("vi")
DRY_RUN = N_("Chạy thử: không có gì bị xóa. Số bản ghi sẽ bị xóa:")
DONE = N_("Đã xóa dữ liệu cá nhân quá hạn lưu giữ:")
LINES = {
    REPORT_PHONES.name: N_("- số điện thoại người phản ánh (phản ánh đã đóng quá {days} ngày): {count}"),
    LOOKUP_SENDERS.name: N_("- người tra cứu hồ sơ trong nhật ký tra cứu (quá {days} ngày): {count}"),
    HANDOFF_MESSAGES.name: N_("- tin nhắn với cán bộ (cuộc trò chuyện đã đóng quá {days} ngày): {count}"),
    ZALO_EVENTS.name: N_("- tin nhắn Zalo đã trả lời hoặc bỏ cuộc (nhận quá {days} ngày): {count}"),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m retention", description=__doc__)
    commands = parser.add_subparsers(required=True)
    running = commands.add_parser("run", help="erase what is past its retention period (RETENTION_* settings)")
    running.add_argument("--dry-run", action="store_true", help="only count what would be erased")
    args = parser.parse_args(argv)
    try:
        settings = RetentionSettings.from_env()
    except ValueError as error:
        print(f"RETENTION_*: {error}", file=sys.stderr)
        return 2
    url = database_url()  # explicit: make_engine(None) would keep the first URL it resolved
    upgrade(url)
    counts = run(session_factory(url), settings, dry_run=args.dry_run)
    days = {rule.name: days for rule, days in periods(settings).items()}
    print(_(DRY_RUN if args.dry_run else DONE))
    for name, count in counts.items():
        print(_(LINES[name]).format(days=days[name], count=count))
    return 0


if __name__ == "__main__":
    sys.exit(main())
