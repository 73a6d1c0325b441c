"""The report summary a resident confirms says which ward today serves an old address."""

from actions.report_text import summary
from localization import gettext_for
from urban_reports.categories import categories


def _draft(location: dict) -> dict:
    return {"category": next(iter(categories())), "description": "Rác đổ tràn ra đường", "location": location,
            "photos": [], "contact": None}


def test_an_old_address_is_confirmed_with_the_ward_it_now_belongs_to():
    text = summary(_draft({"address": "12 Lê Lợi, phường 12, quận Gò Vấp", "ward": "Phường An Hội Tây",
                           "old_ward": "Phường 12"}), gettext_for("vi"), "vi")
    assert "phường 12, quận Gò Vấp (từ 1/7/2025 thuộc Phường An Hội Tây)" in text


def test_a_current_address_is_confirmed_as_typed():
    text = summary(_draft({"address": "12 Lê Lợi, phường Bến Thành", "ward": "Phường Bến Thành", "old_ward": None}),
                   gettext_for("vi"), "vi")
    assert "phường Bến Thành" in text and "từ 1/7/2025" not in text

