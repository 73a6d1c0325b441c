"""Qualifiers read from a resident's question: the words that turn a procedure into its sibling."""

import pytest

from knowledge.search.families import sibling_cases
from knowledge.search.hybrid import SearchHit
from knowledge.search.qualifiers import adjustment, name_qualifiers, question_qualifiers


@pytest.mark.parametrize("question", [
    "chồng em người Đức, đăng ký kết hôn ở đâu",
    "con tôi có cha là người Pháp",
    "bé sinh ở Mỹ, về VN làm khai sinh",
    "vợ em người Thái Lan",
    "ben my co giay khai sinh roi",
])
def test_a_foreign_element_is_read_from_nationality_and_country_words(question):
    assert "foreign" in question_qualifiers(question)


@pytest.mark.parametrize("question", [
    "xin lý lịch tư pháp ở đâu",
    "lên sở tư pháp nộp hồ sơ",
    "nhà em ở Mỹ Tho",
    "đường Đức Thắng bị ngập",
    "pháp luật quy định sao",
])
def test_vietnamese_words_that_spell_a_country_are_no_foreign_element(question):
    assert "foreign" not in question_qualifiers(question)


LAND_FIRST_TIME_ORGANISATION = ("Đăng ký đất đai, tài sản gắn liền với đất, cấp Giấy chứng nhận quyền sử dụng đất, "
                                "quyền sở hữu tài sản gắn liền với đất lần đầu đối với tổ chức đang sử dụng đất")
LAND_FIRST_TIME_HOUSEHOLD = ("Đăng ký đất đai, tài sản gắn liền với đất, cấp Giấy chứng nhận quyền sử dụng đất, "
                             "quyền sở hữu tài sản gắn liền với đất lần đầu đối với hộ gia đình, cá nhân, cộng đồng "
                             "dân cư, người gốc Việt Nam định cư ở nước ngoài")


def test_a_person_living_abroad_in_a_list_of_who_may_file_is_no_filing_abroad():
    assert "abroad" not in name_qualifiers(LAND_FIRST_TIME_HOUSEHOLD)
    assert "abroad" in name_qualifiers("Đăng ký khai sinh cho công dân Việt Nam ở nước ngoài")


def test_the_with_of_doi_voi_is_no_exchange():
    """Folded, "đối với" and "đổi" are both "doi": asking to exchange a card must not favour every "đối với" name."""
    assert "exchange" not in name_qualifiers(LAND_FIRST_TIME_HOUSEHOLD)
    assert "exchange" in name_qualifiers("Cấp đổi thẻ căn cước")
    assert "exchange" in question_qualifiers("đổi thẻ căn cước hết hạn")


def test_a_household_question_sets_the_organisations_variant_back():
    asked = question_qualifiers("nhà em chưa có sổ, xin cấp sổ hồng lần đầu")
    assert adjustment(asked, LAND_FIRST_TIME_HOUSEHOLD) > adjustment(asked, LAND_FIRST_TIME_ORGANISATION)
    company = question_qualifiers("công ty em đang sử dụng đất, xin cấp sổ lần đầu")
    assert "organisation" in company
    assert adjustment(company, LAND_FIRST_TIME_ORGANISATION) > adjustment(company, LAND_FIRST_TIME_HOUSEHOLD)


@pytest.mark.parametrize("question", ["nha xay tren dat giay tay chua co so, xin cap so hong lan dau duoc khong",
                                      "cấp giấy chứng nhận quyền sử dụng đất lần đầu cho hộ gia đình"])
def test_first_land_certificate_for_a_household_is_not_the_organisations(search, question):
    assert search.search(question, k=3).hits[0].code == "1.013978"


@pytest.mark.parametrize("question, correction", [
    ("sửa lại mái nhà có cần giấy phép không", False),
    ("sửa chữa nhà phải xin phép không", False),
    ("giấy khai sinh ghi sai tên, sửa lại được không", True),
    ("sua ten trong giay khai sinh", True),
])
def test_a_repair_is_no_correction_of_a_record(question, correction):
    assert ("correction" in question_qualifiers(question)) is correction


@pytest.mark.parametrize("question, bundle", [
    ("mua bhyt hộ gia đình cho ba mẹ ở phường được không", False),
    ("thẻ bảo hiểm y tế hết hạn gia hạn ở đâu", False),
    ("làm khai sinh xong làm luôn thẻ bhyt cho bé được không", True),
    ("đăng ký khai sinh, thường trú cho bé một lần luôn", True),
])
def test_health_insurance_alone_is_no_bundle_with_a_birth(question, bundle):
    assert ("bundle" in question_qualifiers(question)) is bundle


def test_a_lost_register_means_registering_again_not_a_reissue():
    assert question_qualifiers("giấy khai sinh bị mất, sổ gốc ở phường cũng thất lạc") == {"re_register"}
    assert "reissue" in question_qualifiers("em làm mất giấy khai sinh")


@pytest.mark.parametrize("question, exchange", [
    ("tạm trú sắp hết hạn, gia hạn có cần hợp đồng mới không", False),
    ("căn cước hết hạn rồi làm sao", True),
])
def test_an_expiry_is_an_exchange_unless_the_resident_asks_to_extend(question, exchange):
    assert ("exchange" in question_qualifiers(question)) is exchange


@pytest.mark.parametrize("question, qualifier", [
    ("giấy kết hôn mất, sổ ở xã cũng không còn, làm lại được không", "re_register"),
    ("giay ket hon bi mat, so luu cung bi chay", "re_register"),
    ("mua xe ô tô mới lấy biển số ở đâu", "first_time"),
    ("mẹ em chưa có mã số thuế thì đăng ký người phụ thuộc sao", "first_time"),
    ("thẻ bị sai địa chỉ, có bắt buộc đổi không", "exchange"),
])
def test_residents_ways_of_saying_a_qualifier(question, qualifier):
    assert qualifier in question_qualifiers(question)


@pytest.mark.parametrize("question, reissue", [
    ("em mất giấy khai sinh", True),
    ("chị bị mất cccd", True),
    ("bà ngoại em mất, làm khai tử cần gì", False),
    ("ông xã em người Úc mất ở Việt Nam, làm khai tử", False),
    ("ba tôi mất vì bệnh, làm giấy báo tử ở đâu", False),
])
def test_a_person_who_died_is_no_lost_paper(question, reissue):
    assert ("reissue" in question_qualifiers(question)) is reissue


def test_the_mat_of_a_death_does_not_match_lost_card_names(search):
    core = search.core("bà ngoại e mất, lm khai tử ở phường cần mang cccd của bà ko ạ")
    assert " mat " not in f" {core} " and "khai tu" in core


@pytest.mark.parametrize("question, parentage", [
    ("xác nhận chưa kết hôn để mua nhà", False),
    ("ba mẹ bé chưa đăng ký kết hôn, làm khai sinh sao", True),
])
def test_a_single_status_certificate_is_no_recognition_of_a_father(question, parentage):
    assert ("with_parentage" in question_qualifiers(question)) is parentage


def test_the_same_case_at_several_levels_is_told_apart_by_where_it_is_done():
    def hit(code, name, level):
        return SearchHit(code=code, name=name, score=0.8, source_url="", levels=(level,))

    cases = sibling_cases([hit("2.001194", "Cấp lại thẻ căn cước (thực hiện tại cấp tỉnh)", "Cấp tỉnh"),
                           hit("1.014064", "Cấp lại thẻ căn cước", "Cấp xã")])
    labels = [label for _hit, label in cases]
    assert len(set(labels)) == 2 and "phường, xã" in labels[1] and "Thành phố" in labels[0]


def test_a_qualifier_every_case_carries_is_left_out_of_the_case_labels():
    def hit(code, name):
        return SearchHit(code=code, name=name, score=0.8, source_url="", levels=("Cấp xã",))

    cases = sibling_cases([hit("2.000528", "Thủ tục đăng ký khai sinh có yếu tố nước ngoài"),
                           hit("2.000522", "Thủ tục đăng ký lại khai sinh có yếu tố nước ngoài")])
    labels = [label for _hit, label in cases]
    assert labels[0] is None and labels[1].startswith("Đăng ký lại")


def test_case_labels_are_in_english_for_a_resident_who_writes_english():
    def hit(code, name):
        return SearchHit(code=code, name=name, score=0.8, source_url="", levels=("Cấp xã",))

    cases = sibling_cases([hit("1.001193", "Thủ tục đăng ký khai sinh"),
                           hit("2.000528", "Thủ tục đăng ký khai sinh có yếu tố nước ngoài")], "en")
    assert cases[1][1].startswith("With a foreign element")
