"""Categories come from the reviewed YAML file; a description points to one, however it is typed."""

import pytest

from urban_reports.categories import categories, infer_category

REQUIRED = {"sidewalk", "illegal_construction", "garbage", "flooding", "street_lights", "noise", "road_damage",
            "trees", "other"}


def test_the_file_has_every_category_with_its_settings():
    loaded = categories()
    assert set(loaded) >= REQUIRED
    for item in loaded.values():
        assert item.name["vi"] and item.name["en"] and item.responsible_unit
        assert item.deadline_hours == 8 and item.duplicate_radius_m > 0 and item.duplicate_window_hours > 0
        assert not any(ch.isdigit() for ch in item.responsible_unit)  # no invented phone numbers
        for attribute in item.attributes:
            assert attribute.datatype in {"string", "number", "text", "singlevaluelist"}
            assert attribute.description["vi"] and attribute.description["en"]
            assert attribute.values or attribute.datatype != "singlevaluelist"


@pytest.mark.parametrize(("text", "expected"), [
    ("co nguoi do rac bay dau hem", "garbage"),
    ("karaoke ồn quá 12h đêm", "noise"),
    ("xây lụi ban đêm", "illegal_construction"),
    ("lấn chiếm lề đường bán hàng", "sidewalk"),
    ("LẤN CHIẾM VỈA HÈ", "sidewalk"),
    ("đèn đường hư mấy hôm nay", "street_lights"),  # not road damage, though "đường hư" is in it
    ("o ga to giua duong", "road_damage"),
    ("cây ngã đè lên dây điện", "trees"),
    ("cống nghẹt nước tràn lên đường", "flooding"),
])
def test_keywords_find_the_category_with_or_without_accents(text, expected):
    matches = infer_category(text, use_embeddings=False)
    assert matches and matches[0].category.code == expected and matches[0].matched


@pytest.mark.parametrize(("text", "expected"), [
    ("hàng xóm mở nhạc to cả đêm", "noise"),
    ("con đường trước nhà có cái hố to", "road_damage"),
])
def test_embeddings_find_the_category_when_no_keyword_matches(text, expected):
    matches = infer_category(text)
    assert matches[0].category.code == expected and not matches[0].matched


def test_an_unrelated_question_suggests_nothing():
    assert infer_category("thủ tục đăng ký khai sinh") == []
