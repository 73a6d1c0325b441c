"""The shipped guides load and validate; troubleshooting matches what residents type, and nothing else."""

import pytest
import yaml

from knowledge.guides import STEPS, GuideError, guide, load_guide_file, load_guides, match_trouble

GUIDE_IDS = ["digital_signature", "vneid_level2"]


def test_shipped_guides_load():
    assert sorted(load_guides()) == GUIDE_IDS
    assert guide("unknown") is None


@pytest.mark.parametrize("guide_id", GUIDE_IDS)
def test_every_statement_has_an_official_source_and_every_branch_a_target(guide_id):
    item = guide(guide_id)
    declared = {source.url for source in item.sources}
    assert [step.number for step in item.steps] == list(range(1, len(item.steps) + 1))
    for entry in (*item.steps, *item.troubleshooting):
        assert entry.sources and set(entry.sources) <= declared
    for question in item.entry_questions:
        for answer in question.answers:
            if answer.stop_with:
                assert answer.stop_with.sources
            else:
                assert answer.next == STEPS or item.question(answer.next) is not None
                assert item.step(answer.start_step) is not None
    assert all(url.startswith("https://") for url in declared)


def test_vneid_guide_asks_where_the_resident_stands_then_about_the_chip_card_citing_3_000228():
    item = guide("vneid_level2")
    first, chip_card = item.entry_questions[0], item.question("chip_card")
    assert "đăng ký định danh mức 2" in first.text.vi and "gắn chip" in chip_card.text.vi
    assert first.answers[0].next == "chip_card"  # not registered yet: a chip card is needed first
    assert [answer.start_step for answer in first.answers] == [1, 3, 4]  # not yet, waiting, approved
    no_chip = next(answer for answer in chip_card.answers if answer.stop_with)
    procedure_3_000228 = "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/019d2bf7-b5a6-76fd-a4b1-49c93d86d9d6"
    assert procedure_3_000228 in no_chip.stop_with.sources
    assert "TK01" in item.step(2).text.vi


@pytest.mark.parametrize(("text", "expected"), [
    ("ko nhan dc ma otp", "otp_not_received"),
    ("Không nhận được mã OTP", "otp_not_received"),
    ("mã otp không về", "otp_not_received"),
    ("quen passcode", "forgot_passcode"),
    ("mình quên passcode rồi", "forgot_passcode"),
    ("tai khoan chua duoc phe duyet", "not_approved"),
    ("Tài khoản của tôi chưa được phê duyệt", "not_approved"),
    ("doi so dien thoai", "change_phone"),
    ("đổi sđt", "change_phone"),
    ("quên mật khẩu", "forgot_password"),
    ("quen mk", "forgot_password"),
    ("quét khuôn mặt trên vneid không được, cứ báo thất bại", "face_check_failed"),
    ("khong xac thuc duoc khuon mat", "face_check_failed"),
    ("nfc bat roi ma ko doc duoc chip cccd", "chip_not_read"),
    ("quét nfc không được", "chip_not_read"),
])
def test_vneid_troubles_match_accented_unaccented_and_chat_spelling(text, expected):
    assert match_trouble(guide("vneid_level2"), text).id == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("ko ký số đc", "cannot_sign"),
    ("chu ky so het han", "certificate_expired"),
    ("ky so vneid duoc khong", "vneid_signature"),
    ("em quên mã pin ký số rồi", "forgot_signing_pin"),
    ("quen ma pin ky so", "forgot_signing_pin"),
])
def test_digital_signature_troubles_match(text, expected):
    assert match_trouble(guide("digital_signature"), text).id == expected


@pytest.mark.parametrize("text", ["làm giấy khai sinh cho con", "hôm nay trời đẹp", "tôi đăng ký không được",
                                  "otp", "", "mật khẩu là gì"])
def test_unrelated_or_too_vague_text_matches_nothing(text):
    assert match_trouble(guide("vneid_level2"), text) is None


def test_the_current_step_lowers_the_bar_for_its_own_entries():
    item = guide("vneid_level2")
    assert match_trouble(item, "không nhận được") is None
    assert match_trouble(item, "không nhận được", step_number=6).id == "otp_not_received"
    assert match_trouble(item, "không nhận được", step_number=9) is None


def _write(tmp_path, data, name="sample.yml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _sample():
    text = {"vi": "Chữ", "en": "Text"}
    return {
        "id": "sample", "title": text, "summary": text,
        "sources": {"portal": {"url": "https://dichvucong.gov.vn/", "title": "Cổng Dịch vụ công quốc gia"}},
        "entry_questions": [{"id": "first", "text": text, "answers": [
            {"label": text, "next": "steps", "start_step": 2},
            {"label": text, "stop_with": {"text": text, "sources": ["portal"]}}]}],
        "steps": [{"title": text, "text": text, "sources": ["portal"]},
                  {"title": text, "text": text, "sources": ["portal"],
                   "image": {"file": "otp.png", "alt": text}, "link": {"source": "portal", "label": text}}],
        "troubleshooting": [{"id": "otp", "title": text, "phrases": ["mã otp"], "fix": text, "sources": ["portal"],
                             "steps": [2]}],
    }


def test_a_valid_file_loads_with_links_images_and_start_steps(tmp_path):
    item = load_guide_file(_write(tmp_path, _sample()))
    assert item.entry_questions[0].answers[0].start_step == 2
    assert item.step(2).image.file == "otp.png"
    assert item.step(2).link.url == "https://dichvucong.gov.vn/"
    assert item.troubleshooting[0].in_person is None
    assert item.procedure is None and guide("vneid_level2").procedure == "3.000228"


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d["steps"][0].pop("sources"), "at least one source"),
    (lambda d: d["steps"][0].update(sources=["nowhere"]), "'nowhere' is not declared"),
    (lambda d: d["entry_questions"][0]["answers"][0].update(next="missing", start_step=1), "names no question"),
    (lambda d: d["entry_questions"][0]["answers"][0].update(start_step=9), "start_step 9"),
    (lambda d: d["entry_questions"][0]["answers"][1].update(next="steps"), "either `next` or `stop_with`"),
    (lambda d: d["troubleshooting"][0].update(phrases=["otp"]), "two words or more"),
    (lambda d: d["troubleshooting"][0].update(steps=[3]), "step numbers from 1 to 2"),
    (lambda d: d["steps"][1]["image"].update(file="../secret.txt"), "not an image file name"),
    (lambda d: d["sources"]["portal"].update(url="http://example.com"), "not an https URL"),
    (lambda d: d["title"].pop("en"), "`en` is missing"),
    (lambda d: d.update(id="other"), "differs from the file name"),
    (lambda d: d.update(procedure="3000228"), "not a procedure code"),
    (lambda d: d["entry_questions"][0]["answers"][0].update(typed="có rồi"), "list of ways to type"),
    (lambda d: d["entry_questions"][0]["answers"][0].update(next="first"), "must name a question further down"),
])
def test_mistakes_in_a_file_are_reported_with_their_place(tmp_path, change, message):
    data = _sample()
    change(data)
    with pytest.raises(GuideError, match=message) as error:
        load_guide_file(_write(tmp_path, data))
    assert str(error.value).startswith("sample.yml")


def test_an_unreachable_question_is_reported(tmp_path):
    data = _sample()
    data["entry_questions"].append({"id": "orphan", "text": data["title"], "answers": [
        {"label": data["title"], "next": "steps"}, {"label": data["title"], "next": "steps"}]})
    with pytest.raises(GuideError, match="no answer leads to"):
        load_guide_file(_write(tmp_path, data))
