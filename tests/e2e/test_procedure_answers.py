"""Procedure questions answered from catalogue records, through the real servers."""

import uuid

import pytest
from sqlalchemy import create_engine, text

pytestmark = pytest.mark.e2e

TEMPORARY_RESIDENCE_URL = "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/019d2bf7-770b-734d-b7fb-5e1995f194f4"


@pytest.mark.parametrize("question", ["cho e hỏi đăng ký tạm trú cần giấy tờ j", "dang ky tam tru can giay to gi"])
def test_temporary_residence_documents_fee_and_source(bot, question):
    answer = bot.text_of(question)
    assert "Đăng ký tạm trú (mã 1.004194)" in answer
    assert "Tờ khai thay đổi thông tin cư trú" in answer
    assert "7.000 đồng" in answer
    assert TEMPORARY_RESIDENCE_URL in answer


def test_id_card_question_typed_without_accents_gets_the_id_card_procedure(bot):
    answer = bot.text_of("cho e hoi lam cccd o dau z")
    assert "căn cước" in answer.lower()
    assert "Nơi nộp" in answer
    assert "dichvucong.gov.vn" in answer


def test_follow_up_answers_only_the_aspect_asked(bot):
    sender = f"test-{uuid.uuid4().hex}"
    bot.text_of("đăng ký tạm trú", sender)
    fee = bot.text_of("còn lệ phí bao nhiêu?", sender)
    assert "mã 1.004194" in fee and "7.000 đồng" in fee
    assert "Giấy tờ cần chuẩn bị" not in fee
    time = bot.text_of("mất mấy ngày vậy", sender)
    assert "3 ngày làm việc" in time and "Lệ phí" not in time


@pytest.mark.parametrize(("question", "follow_up", "expected"), [
    ("Thủ tục đăng ký kết hôn ở phường gồm những bước nào vậy ạ?", "ủa phải đi 2 vợ chồng hả", "mã 1.000894"),
    ("Tôi cần chứng thực chữ ký trên giấy ủy quyền thì ra UBND phường làm được không?",
     "người được ủy quyền có cần đi cùng không", "mã 2.000884"),
    ("Chứng thực bản sao CCCD với bằng đại học thì làm ở phường được không?", "le phi tinh sao", "Lệ phí"),
])
def test_a_follow_up_the_classifier_may_misread_stays_on_the_procedure(bot, question, follow_up, expected):
    """Read as a question about the bot, a request for staff or a rating (the classifier did each), a follow-up
    about a part of the procedure in context is answered about it, and never handed to staff."""
    sender = f"test-{uuid.uuid4().hex}"
    bot.text_of(question, sender)
    answer = bot.text_of(follow_up, sender)
    assert expected in answer and "chuyển cuộc trò chuyện cho cán bộ" not in answer


def test_full_detail_comes_in_parts_that_fit_a_zalo_message_with_a_next_button(bot):
    sender = f"test-{uuid.uuid4().hex}"
    replies = bot.say("dang ky tam tru", sender)
    button = next(b for b in replies[0]["buttons"] if b["title"] == "Xem đầy đủ")
    parts = []
    while button and len(parts) < 30:
        reply = bot.say(button["payload"], sender)[0]
        parts.append(reply["text"])
        button = next((b for b in reply.get("buttons") or [] if b["title"].startswith("Xem tiếp")), None)
    full = "\n".join(parts)
    assert len(parts) > 1 and all(len(part) <= 2000 for part in parts)
    assert "Các bước" in full and "… và" not in full and "Căn cứ pháp lý" in full


def test_a_question_naming_an_old_district_is_told_about_the_reform_and_answered(bot):
    replies = bot.say("ra ủy ban quận 5 làm giấy khai sinh cho con cần gì")
    texts = [m.get("text", "") for m in replies]
    assert "không còn quận, huyện" in texts[0] and "Phường An Đông" in texts[0]
    assert any("mã 1.001193" in text for text in texts[1:])


def test_a_procedure_done_at_several_levels_is_answered_where_residents_go_with_the_others_a_tap_away(bot):
    replies = bot.say("lam lai cccd bi mat")
    assert "1.014064" in replies[0]["text"]  # Cấp lại thẻ căn cước, at the ward
    titles = [button["title"] for button in replies[0]["buttons"]]
    assert "Nếu làm ở cấp Thành phố (tỉnh)" in titles and "Nếu làm ở cơ quan trung ương (Bộ)" in titles


def test_where_to_apply_is_never_blank(bot):
    answer = bot.text_of("lam giay khai sinh cho be o dau z")
    assert "Nơi nộp" in answer and "Trung tâm Phục vụ hành chính công cấp xã" in answer


def test_english_replies_keep_the_official_vietnamese_content(bot):
    sender = f"test-{uuid.uuid4().hex}"
    bot.text_of("English please", sender)
    answer = bot.text_of("dang ky tam tru le phi", sender)
    assert "publishes this procedure in Vietnamese only" in answer and "7,000 VND" in answer


def test_an_english_question_about_a_foreign_marriage_asks_its_cases_in_english_and_tells_them_apart(bot):
    replies = bot.say("I'm British and want to marry my Vietnamese girlfriend in Ho Chi Minh City. "
                      "What papers do I need?")
    titles = [b["title"] for m in replies for b in m.get("buttons", [])]
    cases = [t for t in titles if t not in ("Full details", "None of these", "👍", "👎")]
    text = "\n".join(m.get("text", "") for m in replies)
    if "several cases" in text:  # asked which case: each case named once, in English
        assert len(set(cases)) == len(cases) >= 2 and "The usual case" in cases
    else:
        assert "(code 2.000806)" in text
    assert not any("Có yếu tố nước ngoài" in t for t in titles)


def test_turning_to_another_procedure_with_con_is_a_new_subject(bot):
    sender = f"test-{uuid.uuid4().hex}"
    assert "1.000656" in bot.text_of("đăng ký khai tử cần giấy tờ gì", sender)
    answer = bot.text_of("còn tiền mai táng phí bên bảo hiểm xã hội thì nhà em lãnh ở đâu", sender)
    assert "2.000821" in answer and "1.000656" not in answer  # chế độ tử tuất, not the death registration again


def test_a_question_search_is_sure_of_is_answered_whatever_the_classifier_guessed(bot):
    answer = bot.text_of("bằng lái B2 của em hết hạn tháng trước rồi, giờ đổi thì làm sao")
    assert "3.000347" in answer  # Đổi giấy phép lái xe


def test_a_long_story_the_classifier_is_unsure_of_or_calls_out_of_scope_gets_the_close_procedures(bot):
    # a retrained classifier has put this story on either side of the fallback threshold (out of scope in CI)
    story = "bố mẹ mất không để lại di chúc, mấy anh chị em muốn chia nhà đất, lập văn bản phân chia di sản ở đâu"
    replies = bot.say(story)
    offered = " ".join(b.get("payload", "") for m in replies for b in m.get("buttons") or [])
    assert "2.001406" in offered or "(mã 2.001406)" in " ".join(m.get("text", "") for m in replies)
    weather = bot.say("thời tiết Sài Gòn ngày mai có mưa không vậy em")
    assert "procedure_code" not in " ".join(b.get("payload", "") for m in weather for b in m.get("buttons") or [])
    assert "(mã " not in " ".join(m.get("text", "") for m in weather)


def test_a_bare_aspect_question_after_untapped_choices_is_asked_of_the_same_question(bot):
    sender = f"test-{uuid.uuid4().hex}"
    first = bot.say("em muốn sang tên sổ hồng", sender)  # several land procedures fit
    offered = [b["payload"] for m in first for b in m.get("buttons") or [] if "procedure_code" in b.get("payload", "")]
    if not offered:
        pytest.skip("answered outright: no choices were left open")
    for follow_up in ("co mat phi khong", "hồ sơ gồm gì vậy"):
        again = bot.say(follow_up, sender)
        said = " ".join(m.get("text", "") for m in again)
        assert "chưa tìm thấy thủ tục" not in said and "chưa hiểu" not in said, follow_up
        assert any("procedure_code" in b.get("payload", "") for m in again for b in m.get("buttons") or [])


def test_unknown_procedure_is_said_honestly_and_logged_without_personal_data(bot):
    answer = bot.text_of("thủ tục zyxwv qwertz cần giấy tờ gì, sđt em 0912345678")
    assert "chưa tìm thấy thủ tục phù hợp" in answer
    with create_engine(bot.database_url).connect() as connection:
        logged = connection.execute(text("SELECT text FROM unanswered_questions")).scalars().all()
    assert any("zyxwv" in q for q in logged)
    assert not any("0912345678" in q for q in logged)


@pytest.mark.parametrize(("question", "expected"), [
    ("từ 1/7/2025 còn quận không ad", "hai cấp"),
    ("hotline tphcm là số mấy vậy", "1022"),
])
def test_general_questions_are_answered_from_the_faq(bot, question, expected):
    assert expected in bot.text_of(question)
