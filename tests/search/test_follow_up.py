"""A question in context follows up on the procedure being discussed unless it names another one."""

import pytest

from knowledge.follow_up import Searcher, read_question
from knowledge.place_names import without_place_names
from knowledge.question_aspects import detect_aspects

BIRTH, MARRIAGE = "1.001193", "1.000894"


@pytest.mark.parametrize("question", [
    "còn lệ phí thì sao?",
    "mất mấy ngày mới có giấy?",
    "nộp online được hông?",
    "nộp ở đâu vậy, nhà mình ở Bình Thạnh",
    "le phi bn",
    "vậy thì cần mang theo giấy tờ gì nữa ạ",
    "khai sinh thì mất bao lâu vậy ad",
])
def test_aspect_questions_follow_up_on_the_procedure_in_context(search, question):
    reading = read_question(search, question, detect_aspects(question), BIRTH)
    assert reading.follow_up, question


@pytest.mark.parametrize(("question", "context"), [
    ("nộp tờ khai ở đâu", "1.007689"),  # after the rental income tax: "tờ khai" is no "khai …" procedure
    ("đổi ở CA phường nào cũng được hay phải về chỗ thường trú", "1.014063"),  # where to exchange the ID card
    ("mất nhiều ngày không em", "1.004859"),  # how long, not something lost
    ("hồ sơ tử tuất gồm những gì vậy ạ", "2.000821"),
    ("han nop to khai la khi nao vay ad", "1.011022"),
    ("có được bản giấy không hay chỉ có bản điện tử thôi ad", "1.010041"),
])
def test_aspect_questions_with_words_of_other_procedures_stay_in_context(search, question, context):
    reading = read_question(search, question, detect_aspects(question), context)
    assert reading.follow_up, question


@pytest.mark.parametrize(("question", "expected"), [
    ("thế còn đăng ký kết hôn thì cần giấy tờ gì", MARRIAGE),
    ("còn đăng ký tạm trú thì lệ phí bao nhiêu", "1.004194"),
])
def test_a_new_subject_switches_procedure(search, question, expected):
    reading = read_question(search, question, detect_aspects(question), BIRTH)
    assert not reading.follow_up
    assert reading.result.hits[0].code == expected


def test_turning_to_another_subject_with_con_switches_even_when_search_is_unsure(search):
    question = "còn tiền mai táng phí bên bảo hiểm xã hội thì nhà em lãnh ở đâu"
    reading = read_question(search, question, detect_aspects(question), "1.000656")  # after the death registration
    assert not reading.follow_up
    assert reading.result.hits[0].code == "2.000821"  # chế độ tử tuất: its result is the funeral allowance


def test_bao_nhieu_asks_how_much_it_does_not_turn_to_a_report(search):
    # "bao" is also "báo" (to report), a verb that turns to another procedure; "bao nhiêu" only asks how much
    question = "lệ phí biển số ở thành phố bao nhiêu"
    assert read_question(search, question, detect_aspects(question), "1.012575").follow_up


def test_where_to_do_it_told_with_where_one_lives_stays_on_the_procedure(search):
    # after the marital-status certificate: "thường trú", "ở trọ" tell the resident's situation, "làm ở" asks where
    question = "lam o phuong nao, e thuong tru phuong 25 binh thanh cu ma gio o tro quan 7"
    assert read_question(search, question, detect_aspects(question), "1.004873").follow_up


def test_a_word_pair_the_procedure_in_context_lacks_names_a_new_subject(search):
    # in the VNeID guide (3.000228 in context, "… căn cước điện tử"): the chip card is another procedure
    question = "vậy làm thẻ căn cước mới ở đâu, giấy tờ gì, mất bao lâu"
    reading = read_question(search, question, detect_aspects(question), "3.000228")
    assert not reading.follow_up and "thẻ căn cước" in reading.result.hits[0].name


def test_a_question_whose_words_fit_the_procedure_in_context_stays_with_it(search):
    # after "gia hạn giấy phép xây dựng": "gia hạn" fits it as well as the residence extension search offers
    assert read_question(search, "được gia hạn mấy lần", set(), "1.013227").follow_up


def test_without_context_the_question_is_searched(search):
    reading = read_question(search, "còn lệ phí thì sao?", {"fee"}, None)
    assert not reading.follow_up and reading.result is not None


def test_place_names_as_residents_write_them_are_removed():
    assert without_place_names("nop o dau nha minh o binh thanh") == "nop o dau"
    assert without_place_names("lam o phuong 12 go vap") == "lam"
    assert "khai sinh" in without_place_names("khai sinh o quan 5")
    assert without_place_names("tụi em ở Gò Vấp, muốn làm giấy hôn thú") == "tụi muốn làm giấy hôn thú"


def test_personal_numbers_do_not_pull_the_search(search):
    result = search.search("em bị mất giấy khai sinh, cccd 079203001234 sđt 0912345678 làm lại sao")
    assert all("căn cước" not in hit.name.lower() for hit in result.hits[:1])


def test_the_knowledge_base_the_action_server_uses_can_read_follow_ups():
    from knowledge.service import KnowledgeBase

    needed = [name for name in vars(Searcher) if not name.startswith("_")]
    assert needed and all(callable(getattr(KnowledgeBase, name, None)) for name in needed)


@pytest.mark.parametrize(("context", "question", "expected"), [
    ("1.001445", "báo mất xong rồi thì làm hộ chiếu mới thế nào", {"1.001456", "1.001471"}),
    (BIRTH, "đăng ký khai sinh xong thì sau đó làm thủ tục kết hôn sao", {MARRIAGE}),
    ("1.010386", "rồi làm hộ chiếu mới thì nộp hồ sơ ở đâu", {"1.001456", "1.001471"}),
])
def test_asking_for_the_next_procedure_once_this_one_is_done_switches(search, context, question, expected):
    reading = read_question(search, question, detect_aspects(question), context)
    assert not reading.follow_up and reading.result.hits[0].code in expected


@pytest.mark.parametrize("question", ["nộp xong thì bao lâu có kết quả", "làm xong mất bao lâu", "xong rồi nộp ở đâu",
                                      "giờ làm sao", "rồi lệ phí bao nhiêu"])
def test_done_words_in_an_aspect_question_keep_the_procedure(search, question):
    assert read_question(search, question, detect_aspects(question), BIRTH).follow_up


@pytest.mark.parametrize(("context", "question"), [
    ("1.000656", "co can giay bao tu cua benh vien ko hay chi can can cuoc cua ong la du"),  # after the death
    ("1.014061", "co can mang giay khai sinh theo ko"),  # after the ID card: a paper to bring, not a birth
    ("1.011607", "mau don la mau nao vay"),  # the application form of the procedure in context
])
def test_a_paper_named_in_a_question_is_something_to_bring(search, context, question):
    assert read_question(search, question, detect_aspects(question), context).follow_up, question


def test_asking_whether_a_paper_must_be_notarised_stays_with_the_procedure(search):
    question = "hợp đồng thuê có cần công chứng không"
    assert read_question(search, question, detect_aspects(question), "1.004194").follow_up  # temporary residence
