"""Every user-facing string has an English translation, and formatting follows the locale."""

import datetime as dt

from babel.messages.pofile import read_po

from localization import TRANSLATIONS_DIR, format_day, format_vnd, gettext_for


def test_english_catalog_translates_every_message():
    with open(TRANSLATIONS_DIR / "messages.pot", "rb") as handle:
        template = {m.id for m in read_po(handle) if m.id}
    with open(TRANSLATIONS_DIR / "en" / "LC_MESSAGES" / "messages.po", "rb") as handle:
        english = {m.id: m.string for m in read_po(handle, locale="en") if m.id}
    assert template and not [msgid for msgid in template if not english.get(msgid)]


def test_vietnamese_is_the_source_and_english_is_compiled():
    assert gettext_for("vi")("Xem đầy đủ") == "Xem đầy đủ"
    assert gettext_for("en")("Xem đầy đủ") == "Full details"
    assert gettext_for("fr")("Xem đầy đủ") == "Xem đầy đủ"  # unknown language: Vietnamese


def test_money_and_dates_follow_the_resident_language():
    assert format_vnd(7000, "vi") == "7.000 đồng"
    assert format_vnd(1500000, "en") == "1,500,000 VND"
    assert format_day(dt.date(2026, 7, 1), "vi") == "01/07/2026"
