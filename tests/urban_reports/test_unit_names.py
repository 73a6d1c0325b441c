"""An English reply says what the handling unit is; its official Vietnamese name stays as written."""

from urban_reports.categories import categories
from urban_reports.unit_names import unit_label


def test_every_generic_unit_has_an_english_gloss_and_keeps_its_name():
    for found in categories().values():
        english = unit_label(found.responsible_unit, "en")
        assert english.endswith(f"({found.responsible_unit})") and english != found.responsible_unit


def test_vietnamese_replies_and_a_wards_own_unit_names_are_unchanged():
    assert unit_label("UBND phường", "vi") == "UBND phường"
    assert unit_label("Tổ dân phố 5", "en") == "Tổ dân phố 5"
