"""Forms and guides take answers as residents type them, and never ask the same question a third time without
offering a way out (issue 17)."""

from __future__ import annotations

import pytest

from actions.guide_steps import current, move, opening, opening_with_trouble, start
from actions.report_steps import Answer, answer, goes_on_with, new_draft, next_step, understands
from actions.report_text import note_text
from actions.report_text import question as report_question
from knowledge.guides import guide as find_guide
from knowledge.guides import load_guides
from storage.database import session_factory
from tests.knowledge.conftest import database_url, postgres_url  # noqa: F401 (fixtures used by name)
from tests.urban_reports.conftest import db_url  # noqa: F401
from urban_reports.categories import describes_an_urban_issue
from vietnamese_text.replies import Reply, asks_to_resume, is_a_question, read_reply

NONSENSE = ["???", "asdf qwer", "con mèo màu xanh lá", "hả?"]
ADDRESS = "12 Lê Lợi, phường Sài Gòn"


@pytest.mark.parametrize("text, meaning", [
    ("ừ đúng", Reply.YES), ("u dung roi", Reply.YES), ("dạ phải ạ", Reply.YES), ("có rồi", Reply.YES),
    ("Vâng, đúng địa điểm.", Reply.YES), ("chưa", Reply.NO), ("hông", Reply.NO), ("k", Reply.NO),
    ("không có ảnh", Reply.NONE), ("ko co hinh luon", Reply.NONE), ("bỏ qua", Reply.NONE),
    ("thôi hủy đi, để bữa khác báo", Reply.CANCEL), ("thôi", Reply.CANCEL), ("để sau", Reply.PAUSE),
    ("thôi để tối về làm tiếp", Reply.PAUSE), ("dừng", Reply.PAUSE), ("ok gui di", Reply.SEND),
    ("tiếp tục", Reply.RESUME), ("ko phan anh nua", Reply.CANCEL), ("dg r", Reply.YES), ("hk co", Reply.NONE),
    ("oke gui lun", Reply.SEND), ("de mai ra cong an phuong roi lam tiep", Reply.PAUSE),
    ("để em chuẩn bị giấy tờ rồi quay lại sau", Reply.PAUSE), ("mai em làm tiếp", Reply.PAUSE),
    ("bữa sau em gửi", Reply.PAUSE), ("khi khác nha", Reply.PAUSE), ("em bận rồi, lát làm", Reply.PAUSE),
    ("để em suy nghĩ đã", Reply.PAUSE), ("tôi làm tiếp", Reply.RESUME), ("mai có kết quả không", None),
    ("I don't have a photo", Reply.NONE), ("I haven't registered yet", Reply.NO), ("just send it", Reply.SEND),
    ("yes, correct", Reply.YES), ("chụp không được vì tối quá", Reply.NONE), ("hẻm tối quá", None),
    ("hem", Reply.NO), ("thôi khỏi để số", Reply.NONE), ("thôi không có hình đâu", Reply.NONE),
    ("để em gửi hình sau", Reply.PAUSE), ("thôi khỏi", Reply.CANCEL), ("hình chụp hơi mờ, thôi bỏ qua", Reply.NONE),
    ("thôi để em chụp hình đã", Reply.PAUSE), ("báo tiếp chỗ ngập", Reply.RESUME), ("để lát tui báo tiếp", Reply.PAUSE),
    ("dừng lại, ko làm nữa", Reply.CANCEL), ("Bỏ qua phản ánh này giúp tôi, tôi sẽ gọi 1022.", Reply.CANCEL),
    ("ủa mới thấy có người sửa rồi, khỏi gửi nha, xóa cái này đi", Reply.CANCEL),
    ("giữ lại giùm e, lát e rảnh e làm tiếp", Reply.PAUSE), ("ngưng đã, lát tui báo", Reply.PAUSE),
    ("khoan, để chút", Reply.PAUSE), ("chờ chút em làm", None),
    ("không có ai dọn rác", None), ("cây xanh bị hủy hoại trước nhà", None), ("gửi ở đâu vậy", None),
    ("rác đổ bừa bãi đầy lề đường từ hôm qua tới giờ không ai dọn, để mai chắc bốc mùi luôn quá trời", None),
])
def test_short_typed_answers_are_read_the_same_with_or_without_diacritics(text, meaning):
    assert read_reply(text) is meaning


@pytest.fixture
def session(db_url):  # noqa: F811 (the imported fixture)
    with session_factory(db_url).begin() as session:
        yield session


def reply(session, draft, text, tmp_path):
    return answer(session, draft, Answer(text), "web:resident", "vi", tmp_path)


def draft_at(session, step, tmp_path):
    """A draft of a garbage report brought to `step` by typed answers."""
    draft = new_draft(Answer("rác đổ đầy trước nhà không ai dọn"), tmp_path).draft
    for text in ("ừ đúng", ADDRESS, "không có ảnh", "ẩn danh"):
        if next_step(draft) == step:
            return draft
        draft = reply(session, draft, text, tmp_path).draft
    assert next_step(draft) == step
    return draft


def test_a_typed_yes_confirms_the_guessed_category_and_a_no_lists_them_all(session, tmp_path):
    draft = new_draft(Answer("rác đổ đầy trước nhà không ai dọn"), tmp_path).draft
    assert draft["category"] == "garbage" and next_step(draft) == "category"
    assert next_step(reply(session, dict(draft), "ừ đúng", tmp_path).draft) == "location"
    refused = reply(session, dict(draft), "hông phải", tmp_path).draft
    assert refused["category"] is None and next_step(refused) == "category"


@pytest.mark.parametrize("text", ["không có ảnh", "ko co hinh luon", "bỏ qua", "gửi luôn", "I don't have a photo", "k",
                                  "chưa có hình, gửi luôn giùm em"])
def test_no_photo_in_the_residents_words_skips_the_photo(session, tmp_path, text):
    assert next_step(reply(session, draft_at(session, "photo", tmp_path), text, tmp_path).draft) == "contact"


@pytest.mark.parametrize("text", ["ok gui di", "gửi đi", "ừ", "Đúng rồi, gửi luôn", "chinh xac, gui lien giup e",
                                  "Yes, that's correct. Please send it."])
def test_a_typed_confirmation_files_the_report(session, tmp_path, text):
    outcome = reply(session, draft_at(session, "summary", tmp_path), text, tmp_path)
    assert outcome.closed == "filed" and outcome.report_code


@pytest.mark.parametrize("step", ["category", "location", "photo", "contact", "summary"])
def test_cancel_and_pause_words_work_at_every_question(session, tmp_path, step):
    cancelled = reply(session, draft_at(session, step, tmp_path), "thôi hủy đi, để bữa khác báo", tmp_path)
    assert cancelled.closed == "cancelled" and cancelled.notes == ["cancelled"]
    paused = reply(session, draft_at(session, step, tmp_path), "để tối về gửi tiếp", tmp_path)
    assert paused.closed == "paused" and paused.draft["paused"] and next_step(paused.draft) == step


@pytest.mark.parametrize("step", ["category", "location", "photo", "contact", "summary"])
def test_no_report_question_is_asked_a_third_time_without_a_way_out(session, tmp_path, step):
    draft = draft_at(session, step, tmp_path)
    if step == "category":
        draft["category"] = None  # no guess: nothing to confirm
    for attempt, text in enumerate(NONSENSE, start=1):
        outcome = reply(session, draft, text, tmp_path)
        assert next_step(outcome.draft) == step, "the question stays"
        assert ("stuck" in outcome.notes) == (attempt >= 2), (attempt, outcome.notes)
        draft = outcome.draft
    assert reply(session, draft, "để sau", tmp_path).closed == "paused"  # the way out the buttons offer


def questions_and_steps():
    """Every place a guide can hold the resident (an optional question is passed by, not held: tested below)."""
    for found in load_guides().values():
        for question in found.entry_questions:
            if not question.optional:
                yield found.id, {"guide": found.id, "phase": "entry", "question": question.id, "step": 1}
        for step in found.steps:
            yield found.id, {"guide": found.id, "phase": "steps", "question": None, "step": step.number}


@pytest.mark.parametrize("guide_id", ["vneid_level2", "digital_signature"])
def test_a_message_not_understood_at_an_optional_question_moves_on_from_it(guide_id):
    optional = [q.id for q in find_guide(guide_id).entry_questions if q.optional]
    assert optional, "the phone question is optional"
    for question_id in optional:
        outcome = move({"guide": guide_id, "phase": "entry", "question": question_id, "step": 1}, NONSENSE[0], "vi")
        assert outcome.progress["question"] != question_id and outcome.understood


@pytest.mark.parametrize("guide_id, progress", list(questions_and_steps()))
def test_no_guide_question_or_step_loops_more_than_twice_without_a_way_out(guide_id, progress):
    for attempt, text in enumerate(NONSENSE, start=1):
        outcome = move(progress, text, "vi")
        assert outcome.closed is None
        way_out = [buttons for _, buttons in outcome.messages if any(b["payload"] == "hủy" for b in buttons)]
        assert bool(way_out) == (attempt >= 2), (attempt, outcome.messages)
        progress = outcome.progress
    assert move(progress, "để sau", "vi").closed == "stopped"
    cancelled = move(progress, "hủy", "vi")  # the way-out button "Dừng hướng dẫn": dropped, as "hủy" drops a report
    assert cancelled.closed == "cancelled" and not cancelled.progress and "Đã hủy" in cancelled.messages[0][0]


AT_REGISTERED = {"guide": "vneid_level2", "phase": "entry", "question": "registered", "step": 1}
AT_CHIP_CARD = {"guide": "vneid_level2", "phase": "entry", "question": "chip_card", "step": 1,
                "answers": {"registered": "Chưa đăng ký"}}


@pytest.mark.parametrize("typed, goes_on", [("có rồi", True), ("co", True), ("chưa có", False), ("hết hạn rồi", False),
                                            ("em có căn cước gắn chip rồi", True), ("thẻ cũ không có chip", False),
                                            ("còn cmnd thôi", False), ("co cccd chip r", True)])
def test_vneid_chip_card_question_takes_typed_answers(typed, goes_on):
    outcome = move(AT_CHIP_CARD, typed, "vi")
    if not goes_on:  # the guide waits at this question for when the card is made
        assert outcome.closed is None and outcome.progress["question"] == "chip_card"
        assert outcome.progress["answers"]["chip_card"].startswith("Chưa")
    else:
        assert outcome.progress["phase"] == "entry" and outcome.progress["question"] == "device"


@pytest.mark.parametrize("typed, step", [
    ("chưa", 1), ("chua dang ky", 1), ("chưa đăng ký gì hết", 1), ("chưa đi làm gì hết", 1),
    ("đăng ký rồi, đang chờ", 3), ("đăng ký rồi đang chờ", 3), ("có kết quả rồi", 4),
    ("rồi, đã có thông báo kết quả", 4), ("đăng ký rồi", 3), ("được duyệt rồi", 4),
    ("công an nhắn báo thành công rồi", 4), ("mới nộp hôm qua", 3), ("chưa có kết quả", 3),
    ("dk r, dc duyet r", 4), ("dang ky roi, duyet roi", 4), ("đăng ký rồi mà chưa biết duyệt chưa", 3),
    ("nop ho so o cong an hom thu 2, chua thay sms", 3)])
def test_vneid_registration_question_takes_typed_answers_and_decides_where_the_steps_start(typed, step):
    asked = move(AT_REGISTERED, typed, "vi").progress
    if asked["question"] == "chip_card":  # not registered yet: is there a chip card?
        asked = move(asked, "có", "vi").progress
    assert asked["phase"] == "entry" and asked["question"] == "device"
    steps = move(asked, "android", "vi").progress
    assert steps["phase"] == "steps" and steps["step"] == step


@pytest.mark.parametrize("typed, label", [
    ("xài điện thoại oppo a78", "Android"), ("ip 14 pro", "iPhone"), ("dung may tinh bang samsung cua em", "Android"),
    ("Tôi dùng iPhone.", "iPhone"), ("máy e là xiaomi redmi note 12", "Android")])
def test_the_phone_question_takes_a_brand_or_model_and_says_where_the_app_comes_from(typed, label):
    at_device = {**AT_REGISTERED, "question": "device", "answers": {"chip_card": "Có", "registered": "Chưa đăng ký"}}
    outcome = move(at_device, typed, "vi")
    assert outcome.progress["answers"]["device"] == label and outcome.progress["phase"] == "steps"
    store = "Google Play" if label == "Android" else "App Store"
    assert store in outcome.messages[0][0] and outcome.messages[-1][0].startswith("Bước 1/")


@pytest.mark.parametrize("typed", ["ok", "rồi sao nữa", "tiep di ad", "không rõ nữa", "điện thoại nào cũng được"])
def test_a_message_that_names_no_phone_passes_the_phone_question_by_for_good(typed):
    at_device = {**AT_REGISTERED, "question": "device", "answers": {"registered": "Đã có thông báo kết quả"}}
    outcome = move(at_device, typed, "vi")
    assert outcome.progress["phase"] == "steps" and outcome.progress["step"] == 4 and outcome.understood
    assert outcome.messages[-1][0].startswith("Bước 4/")


def test_a_phone_question_passed_by_is_not_asked_once_a_skipped_question_is_answered():
    went_on = move(AT_REGISTERED, "có căn cước gắn chip rồi", "vi").progress  # registration skipped
    passed = move(went_on, "ok", "vi").progress
    assert passed["question"] == "registered"
    done = move(passed, "chưa đăng ký", "vi").progress
    assert done["phase"] == "steps" and done["step"] == 1


AT_STEP = {"guide": "vneid_level2", "phase": "steps", "question": None, "step": 4}


@pytest.mark.parametrize("typed, step", [
    ("app cai r, mo len thay nut kich hoat tai khoan", 5), ("tải đc r, mở lên r nè", 5),
    ("nhap so dinh danh vs sdt r, bam gui r do", 6), ("Đã nhập mã rồi. Mật khẩu phải đặt thế nào?", 7),
    ("Vâng, tôi đã làm xong bước đó rồi.", 5), ("ok e lam theo r, tiep sao ad", 5),
    ("I use an iPhone and the app is installed", 5), ("mã về r, nhập xong r ạ", 7),
    ("Tôi nhập xong số căn cước và số điện thoại rồi, tiếp theo là gì?", 6)])  # "nhập xong" of "nhập xong số"
def test_a_step_said_done_in_a_sentence_moves_past_it(typed, step):
    outcome = move(AT_STEP, typed, "vi")
    assert outcome.progress["step"] == step and outcome.understood


@pytest.mark.parametrize("typed", ["cài app rồi mà không mở được", "chưa cài app", "nhập mã rồi mà báo sai mã"])
def test_a_step_said_done_with_a_negation_or_an_error_is_not_done(typed):
    assert move(AT_STEP, typed, "vi").progress["step"] == 4


def test_a_step_said_done_before_the_steps_is_where_they_start():
    progress = start(find_guide("vneid_level2"), "kích hoạt vneid giúp e, app cài rồi")
    assert progress["phase"] == "entry" and progress["question"] == "registered"
    progress = move(progress, "đăng ký ở công an phường r, có tin nhắn duyệt rồi", "vi").progress
    progress = move(progress, "iphone", "vi").progress
    assert progress["phase"] == "steps" and progress["step"] == 5


def test_a_yes_or_no_that_opens_a_longer_answer_counts():
    assert move(AT_REGISTERED, "chưa, em chưa đi công an", "vi").progress["question"] == "chip_card"
    assert move(AT_CHIP_CARD, "rồi, thẻ gắn chip em mới làm", "vi").progress["question"] == "device"


def test_an_answer_given_ahead_is_kept_and_the_skipped_question_asked_last():
    went_on = move(AT_REGISTERED, "có căn cước gắn chip rồi", "vi").progress
    assert went_on["question"] == "device" and went_on["answers"] == {"chip_card": "Có"}  # whatever registration
    back = move(went_on, "iphone 13", "vi").progress
    assert back["question"] == "registered"  # where the steps start: asked once the others are answered
    done = move(back, "đăng ký rồi, công an đã duyệt", "vi").progress
    assert done["phase"] == "steps" and done["step"] == 4


def test_no_chip_card_said_ahead_stops_the_guide_at_that_question():
    outcome = move(AT_REGISTERED, "thẻ cũ không có chip", "vi")
    assert outcome.progress["question"] == "chip_card" and "căn cước" in outcome.messages[0][0]


def test_what_the_first_message_says_is_not_asked_again():
    progress = start(find_guide("vneid_level2"), "công an phường nhắn tài khoản định danh mức 2 đã duyệt, giờ sao ạ")
    assert progress["answers"] == {"registered": "Đã có thông báo kết quả"} and progress["question"] == "device"
    assert move(progress, "iphone 14", "vi").progress["step"] == 4


def test_an_entry_answer_told_during_the_steps_moves_to_where_it_leads():
    progress = {"guide": "vneid_level2", "phase": "steps", "question": None, "step": 1}
    outcome = move(progress, "à em đăng ký rồi, có tin nhắn duyệt rồi", "vi")
    assert outcome.understood and outcome.progress["step"] == 4


def test_trouble_mode_ends_on_pause_or_continue_words():
    progress = {"guide": "vneid_level2", "phase": "steps", "question": None, "step": 2}
    trouble = move(progress, "không nhận được mã OTP", "vi")
    assert "OTP" in trouble.messages[0][0]
    assert move(trouble.progress, "thôi để tối về làm tiếp", "vi").closed == "stopped"
    again = move(trouble.progress, "ok làm tiếp", "vi")
    assert again.closed is None and again.messages[0][0].startswith("Bước 2/")


def test_a_guide_opens_by_saying_which_guide_it_is_and_how_many_steps():
    found = find_guide("vneid_level2")
    text = opening(start(found), "vi")[0][0]
    assert found.title.vi in text and f"{len(found.steps)} bước" in text


def test_an_address_given_instead_of_a_yes_keeps_the_guess_and_takes_the_address(session, tmp_path):
    draft = new_draft(Answer("rác đổ đầy trước nhà không ai dọn"), tmp_path).draft
    outcome = reply(session, draft, ADDRESS, tmp_path)
    assert outcome.draft["category"] == "garbage" and outcome.draft["location"]["address"] == ADDRESS


def test_the_address_in_the_first_message_is_not_asked_again(session, tmp_path):
    opened = new_draft(Answer("đèn đường trước nhà 45/7 Nguyễn Trãi hư 3 hôm nay rồi"), tmp_path, session)
    assert opened.draft["location"]["address"] == "45/7 Nguyễn Trãi"
    text, _buttons = report_question("category", opened.draft, lambda s: s, "vi")
    assert "45/7 Nguyễn Trãi" in text  # the resident sees which place was understood
    confirmed = reply(session, opened.draft, "dạ đúng", tmp_path).draft
    assert next_step(confirmed) == "photo"


@pytest.mark.parametrize("text", ["gửi luôn đi", "ok gui", "ok", "xác nhận"])
def test_send_at_the_phone_question_files_without_a_phone(session, tmp_path, text):
    outcome = reply(session, draft_at(session, "contact", tmp_path), text, tmp_path)
    assert outcome.closed == "filed" and outcome.report_code


def test_a_correction_changes_the_place_or_the_kind_of_issue_at_any_question(session, tmp_path):
    opened = new_draft(Answer("báo rác ở hẻm 12 Lê Văn Sỹ"), tmp_path, session).draft
    assert opened["category"] == "garbage" and opened["location"]["address"] == "hẻm 12 Lê Văn Sỹ"
    at_photo = reply(session, dict(opened), "à không phải rác, là nước thải chảy ra đường", tmp_path)
    # the new kind is the classifier's reading of the resident's words: they are told, asked once to confirm,
    # and their words go with the description staff read
    assert at_photo.draft["category"] == "flooding" and at_photo.notes == ["category_corrected"]
    assert at_photo.draft["description"].endswith("là nước thải chảy ra đường")
    assert next_step(at_photo.draft) == "category"
    told = note_text("category_corrected", str, at_photo.draft)
    assert told == "Tôi đã đổi loại phản ánh thành “Ngập nước, thoát nước”."
    text, _buttons = report_question("category", at_photo.draft, lambda s: s, "vi")
    assert "Ngập nước, thoát nước" in text and "hẻm 12 Lê Văn Sỹ" in text
    at_photo = reply(session, at_photo.draft, "đúng", tmp_path)
    assert next_step(at_photo.draft) == "photo" and at_photo.draft["category"] == "flooding"
    place = reply(session, at_photo.draft, "à nhầm, hẻm 21 chứ không phải hẻm 12", tmp_path)
    assert place.draft["location"]["address"] == "hẻm 21 Lê Văn Sỹ" and "place_corrected" in place.notes
    assert next_step(place.draft) == "photo" and "stuck" not in place.notes


@pytest.mark.parametrize("text, resumes", [
    ("tiếp tục cái phản ánh rác hồi nãy", True), ("rồi, tiếp tục cái phản ánh đổ rác hồi nãy", True),
    ("gửi tiếp phản ánh", True), ("để tối làm tiếp", False), ("tra cứu phản ánh PA-251120-0031", False),
    ("quay lại cái phản ánh lúc nãy", True), ("quay lại trợ lý ảo", False), ("mai làm tiếp hướng dẫn", False),
    ("quet dc roi, tiep buoc sau di", True), ("bật NFC lên là đọc đc r, ad chỉ tiếp giùm", True),
    ("ok để e ra công an cập nhật sđt, giờ hướng dẫn tiếp phần còn lại đi", True),
    ("vậy để e đi công an phường trước rồi quay lại làm tiếp nha", False),
    ("ad oi lam tiep cai phan anh xa bang hom qua giup e", True),
    ("Bây giờ tôi muốn hoàn tất phản ánh về cơ sở sắt thép lúc nãy.", True),
    ("rồi giờ tiếp vụ cột đèn nghiêng nha", True),
    ("Thôi được. Giờ tôi gửi tiếp phản ánh vỉa hè lúc chiều, không gửi ảnh nữa.", True),
    ("hôm qua tôi có gửi phản ánh cái ổ gà đường Quang Trung, giờ sao rồi ad", False),
])
def test_a_request_to_go_on_is_read_in_a_whole_sentence(text, resumes):
    assert asks_to_resume(text) is resumes


def test_at_the_place_question_a_question_for_another_feature_is_not_taken_for_an_address(session, tmp_path):
    draft = draft_at(session, "location", tmp_path)
    assert not understands(draft, "phản ánh vừa rồi khi nào xử lý")  # goes to the report status
    assert understands(draft, "góc Lê Đức Thọ - Phan Văn Trị") and understands(draft, "bỏ qua")


def test_at_the_contact_question_a_phone_number_is_the_answer_whatever_words_come_with_it(session, tmp_path):
    draft = draft_at(session, "contact", tmp_path)
    assert understands(draft, "sđt liên hệ 0908111222")  # the classifier reads "liên hệ" as asking for staff
    assert not understands(draft, "phản ánh vừa rồi khi nào xử lý")


@pytest.mark.parametrize("text", ["sửa địa chỉ", "sua lien he", "sửa hình",
                                  "khoan, sửa lại địa điểm: đầu đường Bàu Cát 1 mới đúng, chỗ giao Trương Công Định"])
def test_at_the_summary_an_edit_request_belongs_to_the_form_whatever_the_classifier_says(session, tmp_path, text):
    assert understands(draft_at(session, "summary", tmp_path), text)  # the classifier took "sửa địa chỉ" for a question


@pytest.mark.parametrize("text, report", [
    ("nắp cống mất ở 120 Võ Văn Ngân, nguy hiểm lắm", True), ("rác đổ ở góc Lê Đức Thọ - Phan Văn Trị", True),
    ("đăng ký khai sinh ở phường Bến Thành", False), ("rác nhiều quá", False),  # no place: the NLU decides
])
def test_an_issue_at_a_named_place_is_a_report(text, report):
    assert describes_an_urban_issue(text) is report


def test_a_yes_to_the_photo_question_says_how_to_send_the_photo(session, tmp_path):
    outcome = reply(session, draft_at(session, "photo", tmp_path), "có", tmp_path)
    assert outcome.notes == ["photo_send_now"] and next_step(outcome.draft) == "photo"


def test_a_guide_that_cannot_go_on_yet_waits_and_offers_to_pause():
    outcome = move(AT_CHIP_CARD, "chưa có", "vi")
    text, buttons = outcome.messages[-1]
    assert outcome.closed is None and "tiếp tục hướng dẫn" in text
    assert {"title": "Để sau", "payload": "để sau"} in buttons
    paused = move(outcome.progress, "de mai ra cong an phuong roi lam tiep", "vi")
    assert paused.closed == "stopped" and paused.progress["question"] == "chip_card"
    assert "tạm dừng" in paused.messages[0][0] and "bước" not in paused.messages[0][0]


@pytest.mark.parametrize("typed", ["ko nhận được otp", "khong nhan duoc ma otp"])
def test_a_problem_told_before_the_steps_gets_its_fix_and_the_question_again(typed):
    progress = {"guide": "vneid_level2", "phase": "entry", "question": "registered", "step": 1}
    outcome = move(progress, typed, "vi")
    assert "OTP" in outcome.messages[0][0] and outcome.progress == progress
    assert outcome.messages[-1][0] == current(progress, "vi")[0][0]
    again = move(outcome.progress, "à nhận được rồi, làm tiếp đi", "vi")
    assert again.progress == progress and again.messages == current(progress, "vi")


def test_going_on_after_a_fix_shows_the_step_again_even_in_a_longer_message():
    progress = {"guide": "vneid_level2", "phase": "steps", "question": None, "step": 6}
    fixed = move(progress, "ko nhận được otp", "vi")
    assert "OTP" in fixed.messages[0][0] and fixed.progress["step"] == 6
    outcome = move(fixed.progress, "à nhận được rồi, làm tiếp đi", "vi")
    assert outcome.progress == progress and outcome.messages == current(progress, "vi")


def test_going_on_from_a_step_said_done_moves_to_the_next():
    waiting = {"guide": "vneid_level2", "phase": "steps", "question": None, "step": 3}
    assert move(waiting, "được duyệt rồi, tiếp tục kích hoạt vneid nha", "vi").progress["step"] == 4
    assert move({**waiting, "step": 1}, "ok roi lam tiep di", "vi").progress["step"] == 2


def test_a_guide_asked_for_with_a_problem_answers_the_problem_first():
    progress = start(find_guide("vneid_level2"))
    messages = opening_with_trouble(progress, "vneid không nhận được mã otp", "vi")
    assert "OTP" in messages[0][0] and messages[-1] == current(progress, "vi")[-1]
    assert opening_with_trouble(progress, "kích hoạt vneid", "vi") == opening(progress, "vi")


def test_a_correction_of_what_happened_goes_into_the_description(session, tmp_path):
    opened = new_draft(Answer("cây xanh ngã ở đường Điện Biên Phủ"), tmp_path, session).draft
    outcome = reply(session, dict(opened), "mà là nhánh cây gãy chứ không phải cả cây ngã", tmp_path)
    assert outcome.draft["description"].endswith("mà là nhánh cây gãy chứ không phải cả cây ngã")
    assert outcome.notes == ["description_corrected"] and outcome.draft["category"] == "trees"
    assert next_step(outcome.draft) == "category"  # still the unanswered "đúng không?", now with the details
    assert next_step(reply(session, outcome.draft, "ừ đúng rồi", tmp_path).draft) == "photo"


@pytest.mark.parametrize("went_on", ["trước chợ Hòa Hưng, đường Cách Mạng Tháng 8", "không có ảnh", "bỏ qua"])
def test_going_on_past_the_category_question_is_understood(session, tmp_path, went_on):
    """A place typed instead of a yes is taken and the guess asked with it, so a late "đúng rồi" confirms the
    kind and is not read as "I have a photo"; "không có ảnh" or "bỏ qua" typed there answer the photo question the
    resident expected next: the guess stands and the photo is skipped."""
    opened = new_draft(Answer("muốn phản ánh lấn chiếm vỉa hè"), tmp_path, session).draft
    outcome = reply(session, dict(opened), went_on, tmp_path)
    if went_on in ("không có ảnh", "bỏ qua"):
        assert outcome.draft["category_confirmed"] and outcome.draft["photo_decided"]
        return
    assert outcome.draft["location"]["address"] == went_on and next_step(outcome.draft) == "category"
    text, _buttons = report_question("category", outcome.draft, lambda s: s, "vi")
    assert went_on in text and "đúng không" in text
    confirmed = reply(session, outcome.draft, "đúng rồi đó", tmp_path)
    assert next_step(confirmed.draft) == "photo" and "photo_send_now" not in confirmed.notes


@pytest.mark.parametrize("typed, step", [("chưa có chữ ký số nào hết", 1), ("chua", 1),
                                         ("e đăng ký rồi, đang chờ bên nhà cung cấp duyệt", 6),
                                         ("có rồi mà hết hạn tháng trước", 5), ("có, còn hạn", 7),
                                         ("Tôi muốn dùng Viettel MySign", 1),  # a choice to make, not one they have
                                         ("z lấy smartca đi, cài app r nè", 6)])  # provider chosen: on to register
def test_digital_signature_questions_take_typed_answers(typed, step):
    asked_level = start(find_guide("digital_signature"))
    assert asked_level["question"] == "vneid_level"  # what residents tell first, then the phone
    asked_phone = move(asked_level, "vneid e mức 2 rồi", "vi").progress
    assert asked_phone["question"] == "device"
    asked_signature = move(asked_phone, "samsung s22", "vi").progress
    assert asked_signature["question"] == "has_signature"  # it decides where the steps start
    steps = move(asked_signature, typed, "vi").progress
    assert steps["phase"] == "steps" and steps["step"] == step


def test_the_level_and_phone_told_together_lead_to_the_signature_question():
    asked = move(start(find_guide("digital_signature")), "vneid muc 2 co r, xai dt android", "vi").progress
    assert asked["question"] == "has_signature"
    assert move(asked, "chua co cks ben nao het", "vi").progress["step"] == 1


def test_a_level_one_vneid_account_is_told_how_level_two_helps():
    at_level = {"guide": "digital_signature", "phase": "entry", "question": "vneid_level", "step": 1,
                "answers": {"has_signature": "Chưa có"}}
    outcome = move(at_level, "vneid moi muc 1 thoi", "vi")
    assert "mức 2" in outcome.messages[0][0] and outcome.progress["question"] == "device"


def test_asking_to_go_on_while_the_report_is_open_shows_the_question_again_without_a_miss(session, tmp_path):
    draft = draft_at(session, "photo", tmp_path)
    outcome = reply(session, dict(draft), "tiếp tục phản ánh vỉa hè", tmp_path)
    assert next_step(outcome.draft) == "photo" and not outcome.notes and not outcome.draft.get("misses")


def test_declining_the_phone_after_thoi_keeps_the_report(session, tmp_path):
    outcome = reply(session, draft_at(session, "contact", tmp_path), "thôi khỏi để số", tmp_path)
    assert outcome.closed is None and outcome.draft["anonymous"] is True


@pytest.mark.parametrize("step", ["photo", "contact"])
def test_thoi_khoi_at_a_question_one_may_skip_skips_it_and_keeps_the_report(session, tmp_path, step):
    outcome = reply(session, draft_at(session, step, tmp_path), "thôi khỏi", tmp_path)
    assert outcome.closed is None and next_step(outcome.draft) != step
    assert reply(session, draft_at(session, step, tmp_path), "thôi hủy đi", tmp_path).closed == "cancelled"


@pytest.mark.parametrize("text, meaning", [
    ("uk đúng r", Reply.YES), ("Vâng, thông tin đó chính xác.", Reply.YES), ("ừa", Reply.YES),
    ("gửi lẹ giùm e", Reply.SEND), ("thôi dẹp đi, ông xã bắt đc rồi", Reply.CANCEL),
])
def test_more_ways_residents_say_yes_send_or_drop_it(text, meaning):
    assert read_reply(text) is meaning


@pytest.mark.parametrize("text", ["đt e bể camera r nên ko chụp đc ạ", "tui ko dám chụp hình, sợ họ thấy",
                                  "Cô lớn tuổi không biết chụp hình gửi con ơi", "skip hinh",
                                  "e có chụp mà file nặng quá gửi hông lên, thôi bỏ qua hình nha"])
def test_a_photo_declined_with_its_reason_skips_the_photo(session, tmp_path, text):
    draft = draft_at(session, "photo", tmp_path)
    assert understands(draft, text)
    assert next_step(reply(session, draft, text, tmp_path).draft) == "contact"


def test_declining_the_photo_with_thoi_keeps_the_report(session, tmp_path):
    outcome = reply(session, draft_at(session, "photo", tmp_path), "toi qua ko chup duoc, thoi ko gui hinh", tmp_path)
    assert outcome.closed is None and next_step(outcome.draft) == "contact"


def test_no_photo_said_when_asked_where_is_taken_and_where_is_asked_again_with_an_acknowledgement(session,
                                                                                                 tmp_path):
    draft = draft_at(session, "location", tmp_path)
    taken = reply(session, draft, "k chụp hình", tmp_path).draft
    assert taken["photo_decided"] and next_step(taken) == "location" and taken["noted"] == ["no_photo"]
    located = reply(session, {k: v for k, v in taken.items() if k != "noted"}, ADDRESS, tmp_path).draft
    assert next_step(located) == "contact"  # the photo is not asked after all


@pytest.mark.parametrize("text, contact, anonymous", [
    ("sđt e 0938 415 227", "0938415227", False), ("ko de sdt dau nha", None, True), ("ko cần liên hệ lại", None, True),
])
def test_a_phone_number_or_its_refusal_before_the_phone_question_is_kept(session, tmp_path, text, contact, anonymous):
    draft = reply(session, draft_at(session, "photo", tmp_path), text, tmp_path).draft
    assert (draft["contact"], draft["anonymous"]) == (contact, anonymous)
    assert next_step(draft) == "photo"  # still asked: the phone was not the question


def test_an_edit_that_carries_the_new_content_keeps_the_description(session, tmp_path):
    draft = new_draft(Answer("xưởng gỗ trong hẻm 1041 Trần Xuân Soạn ồn quá trời"), tmp_path).draft
    edited = reply(session, draft, "à sửa nội dung lại là họ xả bụi sơn ra ngoài đường giùm e", tmp_path).draft
    assert "xưởng gỗ" in edited["description"] and "bụi sơn" in edited["description"]
    assert reply(session, draft_at(session, "contact", tmp_path), "sửa địa chỉ", tmp_path).draft["location"] is None


@pytest.mark.parametrize("text", ["đúng rồi", "ko hình", "gửi đi"])
def test_with_no_guess_to_confirm_going_on_files_the_issue_as_other_instead_of_asking_again(session, tmp_path, text):
    draft = new_draft(Answer("mấy bữa nay có chuyện lạ lắm ở khu phố tui"), tmp_path).draft
    assert draft["category"] is None and next_step(draft) == "category"
    went_on = reply(session, draft, text, tmp_path).draft
    assert went_on["category"] == "other" and went_on["category_confirmed"]


def test_with_no_guess_a_phone_number_is_kept_and_the_kind_asked_again(session, tmp_path):
    draft = new_draft(Answer("mấy bữa nay có chuyện lạ lắm ở khu phố tui"), tmp_path).draft
    kept = reply(session, draft, "sdt 0868 014 552", tmp_path).draft
    assert kept["contact"] == "0868014552" and next_step(kept) == "category"


@pytest.mark.parametrize("text, code", [("ống nước bể phun lên mặt đường trước chung cư", "other"),
                                         ("xe tai dau chan het duong vo hem suot ngay", "sidewalk")])
def test_more_issues_get_a_guessed_kind(tmp_path, text, code):
    assert new_draft(Answer(text), tmp_path).draft["category"] == code


def test_with_a_guess_no_photo_confirms_the_guess_not_other(session, tmp_path):
    draft = new_draft(Answer("đèn đường trước nhà chớp tắt mấy đêm rồi"), tmp_path).draft
    went_on = reply(session, draft, "ko có hình ạ", tmp_path).draft
    assert went_on["category"] == "street_lights" and went_on["category_confirmed"] and went_on["photo_decided"]


@pytest.mark.parametrize("typed", ["dạ căn cước gắn chip e có lâu r", "Tôi đã có thẻ căn cước gắn chíp.",
                                   "ong co can cuoc gan chip roi"])
def test_having_the_chip_card_said_in_a_sentence_counts(typed):
    outcome = move(start(find_guide("vneid_level2")), typed, "vi")
    assert outcome.progress["answers"]["chip_card"] == "Có" and outcome.progress["question"] == "device"


@pytest.mark.parametrize("text", ["đúng rồi, đầu hẻm 88 Trần Hưng Đạo", "ừ đúng, số 12 đường số 7 phường An Lạc"])
def test_a_yes_followed_by_the_place_confirms_the_kind_and_keeps_only_the_place(session, tmp_path, text):
    draft = new_draft(Answer("rác đổ đầy đầu hẻm mấy bữa nay không ai dọn"), tmp_path).draft
    outcome = reply(session, draft, text, tmp_path)
    assert outcome.draft["category_confirmed"] and outcome.draft["category"] == "garbage"
    assert outcome.draft["location"]["address"].startswith(text.split(", ", 1)[1][:8])
    assert next_step(outcome.draft) == "photo"


def test_a_photo_declined_and_a_phone_given_in_the_first_message_are_not_asked(session, tmp_path):
    first = ("Dạ con chào ad, con báo hẻm 91 Bùi Đình Túy phường Gia Định ngập sau mưa tới đầu gối, con không có "
             "hình, số con 0918 402 336")
    draft = new_draft(Answer(first), tmp_path, session).draft
    assert draft["photo_decided"] and draft["contact"] == "0918402336" and draft["location"] is not None
    assert reply(session, draft, "Dạ đúng rồi ạ, gửi đi ạ", tmp_path).closed == "filed"  # sent as asked


def test_a_send_said_with_the_last_answer_files_without_a_second_confirmation(session, tmp_path):
    draft = new_draft(Answer("Quán karaoke số 210 Nguyễn Trãi phường Bến Thành hát tới 1 giờ sáng"), tmp_path,
                      session).draft
    draft = reply(session, draft, "Không chụp hình được đâu, số điện thoại tôi là 0903 667 125", tmp_path).draft
    assert draft["location"]["address"].startswith("210 Nguyễn Trãi") and draft["contact"] == "0903667125"
    assert next_step(draft) == "summary"  # no send said yet: the summary to confirm
    assert reply(session, draft, "Đúng rồi, gửi giúp tôi", tmp_path).closed == "filed"


def test_no_phone_said_at_the_kind_question_confirms_the_guess_and_skips_the_phone(session, tmp_path):
    draft = new_draft(Answer("quán nhậu lấn chiếm hết vỉa hè trước số 56 đường Trần Quang Khải, phường Tân Định"),
                      tmp_path, session).draft
    draft = reply(session, draft, "Không để số điện thoại.", tmp_path).draft
    assert draft["category"] == "sidewalk" and draft["category_confirmed"] and draft["anonymous"]
    assert next_step(draft) == "photo"


def test_a_place_with_the_photo_declined_in_one_message_takes_both(session, tmp_path):
    draft = new_draft(Answer("bao cao o ga to lam, xe may te hoai"), tmp_path).draft
    draft = reply(session, draft, "truoc nha so 77 duong so 9 phuong Linh Xuan, Thu Duc cu. ko co hinh nha",
                  tmp_path).draft
    assert draft["photo_decided"] and draft["location"]["address"].endswith("Thu Duc cu")  # the clause left out


def test_a_correction_with_the_photo_declined_takes_both(session, tmp_path):
    draft = new_draft(Answer("đèn đường chớp tắt hoài ở góc Nguyễn Thượng Hiền - Điện Biên Phủ"), tmp_path,
                      session).draft
    draft = reply(session, draft, "à nhầm, góc Nguyễn Thượng Hiền - Võ Văn Tần mới đúng. ko có ảnh nha", tmp_path).draft
    assert "Võ Văn Tần" in draft["location"]["address"] and draft["photo_decided"]


def test_a_phone_number_at_the_kind_question_is_the_contact_not_the_place(session, tmp_path):
    draft = new_draft(Answer("đèn đường hư tối thui"), tmp_path).draft
    draft = reply(session, draft, "sđt 0935 700 218", tmp_path).draft
    assert draft["contact"] == "0935700218" and draft["location"] is None
    draft = reply(session, draft, "hẻm 12 Lê Văn Sỹ, sđt 0909123456", tmp_path).draft
    assert draft["location"]["address"] == "hẻm 12 Lê Văn Sỹ" and draft["contact"] == "0935700218"


def test_the_last_step_said_done_after_a_fix_ends_the_guide():
    progress = start(find_guide("digital_signature"), "ký số trên dịch vụ công báo lỗi chứng thư không hợp lệ")
    outcome = move(progress, "à được rồi, ký xong rồi", "vi")
    assert outcome.closed == "finished" and outcome.progress is None


def test_an_answer_to_another_question_at_the_phone_question_passes_it_by():
    went_on = move(AT_REGISTERED, "dạ căn cước gắn chip e có lâu r", "vi").progress
    assert went_on["question"] == "device"
    steps = move(went_on, "e đăng ký ở công an phường hồi tháng trước, có tin nhắn duyệt rồi", "vi").progress
    assert steps["phase"] == "steps" and steps["step"] == 4  # not "Android or iPhone?" a second time
    waiting = move(move(AT_REGISTERED, "co roi", "vi").progress, "nop ho so o cong an hom thu 2, chua thay sms", "vi")
    assert waiting.progress["phase"] == "steps" and waiting.progress["step"] == 3  # a known fact again: on too


def test_an_answer_to_another_entry_question_is_kept_and_said_so_when_the_question_comes_back():
    progress = start(find_guide("vneid_level2"), "e xài iphone, muốn có vneid mức 2 thì làm sao ạ")
    outcome = move(progress, "cccd gắn chip có r", "vi")
    assert outcome.progress["answers"]["chip_card"] == "Có" and outcome.progress["question"] == "registered"
    texts = [text for text, _buttons in outcome.messages]
    assert texts[0].startswith("Vâng, tôi đã ghi nhận") and "đăng ký định danh mức 2" in texts[1]


def test_a_place_told_at_the_kind_question_is_taken_with_the_issue(session, tmp_path):
    opened = new_draft(Answer("e muon phan anh su co"), tmp_path, session).draft
    told = reply(session, opened, "den duong truoc nha so 12 duong so 7 khu Ten Lua, phuong Binh Tan, hu gan 1 tuan r",
                 tmp_path).draft
    assert told["category"] == "street_lights" and told["location"]["address"].startswith("12 duong so 7")
    assert "den duong truoc nha so 12" in told["description"]  # staff read what the issue is, not only "sự cố"


def test_thanks_at_the_place_question_is_no_place(session, tmp_path):
    outcome = reply(session, draft_at(session, "location", tmp_path), "cam on ad nhieu nha", tmp_path)
    assert next_step(outcome.draft) == "location" and "location_needed" in outcome.notes


@pytest.mark.parametrize("text, goes_on", [
    ("ok gio quay lai bao den duong hu luc nay", True),  # the paused report's kind, no new place
    ("ko co hinh, sdt ko de", True),  # answers only the report can use
    ("đèn đường trước số 40 Lê Lợi cũng hư", False),  # the same kind at another place: a new report
    ("không", False),
])
def test_a_paused_report_is_taken_up_by_meaning(text, goes_on):
    paused = {"category": "street_lights", "paused": True}
    assert goes_on_with(paused, text) is goes_on


def test_no_before_a_yes_phrase_denies_it_in_a_guide_answer():
    asked = start(find_guide("vneid_level2"))
    told = move(asked, "có cccd chip nhưng chưa lên công an đk mức 2, đt iphone", "vi").progress
    assert told["answers"]["registered"] == "Chưa đăng ký"


def test_a_step_said_done_in_so_many_words_moves_on():
    at_step = {"guide": "vneid_level2", "phase": "steps", "step": 5, "answers": {}}
    assert move(at_step, "ok e lam xong buoc nay r", "vi").progress["step"] == 6


@pytest.mark.parametrize("text, asks", [("xây nhà 3 tầng có phải xin phép hông", True), ("lam o dau", True),
                                        ("Quán nhậu bày bàn ghế, người đi bộ phải đi xuống lòng đường", False)])
def test_a_question_is_told_from_a_statement(text, asks):
    assert is_a_question(text) is asks


def test_everything_given_first_and_a_send_in_a_sentence_files_the_report(session, tmp_path):
    first = ("Cho mình phản ánh: chiều nào cũng có người đốt rác ở bãi đất trống cuối hẻm 1031 Quang Trung, phường 14 "
             "Gò Vấp cũ, khói bay vào nhà. Mình không có ảnh, sđt 0905 882 116.")
    opened = new_draft(Answer(first), tmp_path, session).draft
    assert reply(session, opened, "Thông tin đúng rồi, gửi đi bạn", tmp_path).closed == "filed"


def test_a_pause_said_first_in_a_long_message_pauses_and_a_question_is_no_place(session, tmp_path):
    opened = new_draft(Answer("có người đổ xà bần ra bãi đất trống cạnh số 12 đường Nguyễn Văn Quỳ"), tmp_path,
                       session).draft
    text = "Khoan, tạm dừng phản ánh chút. Cho hỏi xin phép sửa lại nhà ở phường thì mất mấy ngày?"
    assert read_reply(text) is Reply.PAUSE
    assert not understands(opened, "Cho hỏi xin phép sửa lại nhà ở phường thì mất mấy ngày?")
    assert understands(opened, "Hổng có hình đâu, chạy ngang hổng dám dừng lại chụp")  # the photo, past the kind


def test_a_photo_not_taken_because_the_resident_did_not_stop_is_no_pause():
    # "dừng lại" here is the stop the resident did not make; "tạm dừng" still pauses
    assert read_reply("Hổng có hình đâu, chạy ngang hổng dám dừng lại chụp") is not Reply.PAUSE
    assert read_reply("không có hình, tạm dừng đã") is Reply.PAUSE


def test_a_pause_followed_by_a_question_asks_it():
    from vietnamese_text.replies import asks_after_pausing
    assert asks_after_pausing("Khoan, tạm dừng phản ánh chút. Cho hỏi xin phép sửa lại nhà ở phường thì mất mấy ngày?")
    assert not asks_after_pausing("Khoan, tạm dừng. Tôi ra ngoài chút")
    assert not asks_after_pausing("tạm dừng nha")
