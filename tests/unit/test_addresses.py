"""The place named inside a resident's sentence (vietnamese_text.addresses)."""

import pytest

from vietnamese_text.addresses import address_in, corrected_address


@pytest.mark.parametrize("text, place", [
    ("đèn đường trước nhà 45/7 Nguyễn Trãi hư 3 hôm nay rồi", "45/7 Nguyễn Trãi"),
    ("hem 88 Ton Dan ngap nuoc qua troi, cong nghet", "hem 88 Ton Dan"),
    ("trước chợ Hòa Hưng, đường Cách Mạng Tháng 8", "chợ Hòa Hưng, đường Cách Mạng Tháng 8"),
    ("rác đổ ở ngã tư Hàng Xanh mấy bữa nay", "ngã tư Hàng Xanh"),
    ("ổ gà to trên đường Lê Văn Sỹ, P.12, Q.3 nguy hiểm", "đường Lê Văn Sỹ, P.12, Q.3"),
    ("nhà số 12 hẻm 34 Lê Lợi, phường Bến Thành bị ngập", "12 hẻm 34 Lê Lợi, phường Bến Thành"),
    ("cây đổ ở công viên Tao Đàn", "công viên Tao Đàn"),
    ("45 Lê Lợi, nhà tôi bị ngập", "45 Lê Lợi"),
    ("rác đổ ở góc Lê Đức Thọ - Phan Văn Trị", "góc Lê Đức Thọ - Phan Văn Trị"),
    # typed without capitals: the old ward or district number close after says where the street name ends
    ("hem 284 le van sy p14 q3 rac do dong 2 ngay roi ko ai don", "hem 284 le van sy p14 q3"),
    ("rac o 45 nguyen trai q1 boc mui", "45 nguyen trai q1"),
    # in English: the street before "street"/"road", and the landmark it is near
    ("There's a huge pothole on Vo Van Kiet street near Ong Lanh bridge, motorbikes keep falling into it",
     "Vo Van Kiet street near Ong Lanh bridge"),
    ("flooding on Nguyen Huu Canh road every time it rains", "Nguyen Huu Canh road"),
])
def test_a_number_or_place_word_followed_by_a_name_is_the_place(text, place):
    assert address_in(text) == place


@pytest.mark.parametrize("text", [
    "muốn phản ánh lấn chiếm vỉa hè", "báo cho UBND biết", "sau Tết rác nhiều", "Hẻm 5 nhà tôi ngập",
    "ngập 2 ngày rồi", "hem 88 ton dan ngap",  # no capitalised name: the form asks for the address
    "co 2 nguoi p3", "The Main Street is nice",
])
def test_words_without_a_named_place_name_none(text):
    assert address_in(text) is None


@pytest.mark.parametrize("old, text, new", [
    ("hẻm 54 Trần Quang Diệu", "à nhầm, ở hẻm 45 chứ không phải 54", "hẻm 45 Trần Quang Diệu"),
    ("hẻm 5 Hoàng Hoa Thám", "à khoan, hẻm 15 chứ không phải hẻm 5", "hẻm 15 Hoàng Hoa Thám"),
    ("chợ Bà Chiểu", "sửa lại giúp em: đoạn đường Lê Quang Định, không phải chợ Bà Chiểu", "đường Lê Quang Định"),
    ("hẻm 12 Lê Văn Sỹ", "không phải hẻm 12, là hẻm 21", "hẻm 21 Lê Văn Sỹ"),
    ("đường Điện Biên Phủ", "à không, gần cầu Thị Nghè", "cầu Thị Nghè"),
])
def test_a_corrected_place_replaces_what_was_taken_back(old, text, new):
    assert corrected_address(old, text) == new


@pytest.mark.parametrize("text", ["ko có ảnh", "à không phải rác, là nước thải chảy ra đường", "đúng rồi"])
def test_what_corrects_no_place_leaves_the_address(text):
    assert corrected_address("hẻm 12 Lê Văn Sỹ", text) is None


@pytest.mark.parametrize("text, place", [
    ("hem 45 le van sy quan 3 cu rac do tran ra duong", "hem 45 le van sy quan 3"),  # an old district in two words
    ("co nguoi do xa ban ngay goc Le Duc Tho - Nguyen Van Luong, Go Vap, sang ra la 1 dong",
     "goc Le Duc Tho - Nguyen Van Luong, Go Vap"),  # "góc" typed plain before a name
    ("rac o dau hem 47 bui dinh tuy binh thanh bo ca tuan ko ai don", "hem 47 bui dinh tuy binh thanh"),  # a former
    ("cot den duong truoc so 310 le quang dinh, phuong 14 binh thanh cu, hu may dem nay",  # district ends it
     "310 le quang dinh, phuong 14 binh thanh"),
])
def test_places_typed_without_marks(text, place):
    assert address_in(text) == place


def test_every_former_district_of_the_ward_mapping_ends_a_lower_case_address():
    import csv

    from knowledge.place_names import _UNIT, DATA_DIR
    from vietnamese_text import match_key
    from vietnamese_text.addresses import _FORMER_DISTRICTS
    with (DATA_DIR / "hcmc_old_to_new_wards.csv").open(encoding="utf-8") as handle:
        named = {_UNIT.sub("", match_key(row["old_district"] or "")) for row in csv.DictReader(handle)}
    assert {name for name in named if name and not name.isdigit()} == _FORMER_DISTRICTS
    assert address_in("rac do tran hem 12 nguyen an ninh di an ca tuan") == "hem 12 nguyen an ninh di an"
    assert address_in("ngap truoc so 5 yersin thu dau mot luon") == "5 yersin thu dau mot"
