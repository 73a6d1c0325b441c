"""Urban-order reports in chat through the real Rasa and action servers."""

from __future__ import annotations

import io
import re
import uuid

import pytest
from PIL import Image

from channels.outbound import WebAdapter
from channels.pending import take_pending
from notifications.dispatcher import Dispatcher
from storage.database import session_factory, session_scope
from urban_reports.service import change_status
from urban_reports.statuses import ReportStatus

pytestmark = pytest.mark.e2e
CODE = re.compile(r"PA-\d{6}-\d{4}")


class Resident:
    def __init__(self, bot) -> None:
        self.bot, self.id = bot, f"web:{uuid.uuid4().hex}"

    def says(self, text: str, metadata: dict | None = None) -> str:
        self.last = self.bot.say(text, self.id, metadata)
        return "\n".join(m.get("text", "") for m in self.last)

    def buttons(self) -> list[str]:
        return [b["title"] for m in self.last for b in m.get("buttons", [])]


def a_photo(media_root, name="hien-truong.jpg") -> str:
    """A JPEG as the web chat stores it (media://web/<name>), with GPS in its EXIF."""
    image = Image.new("RGB", (40, 30), "gray")
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (10.0, 46.0, 0.0)}  # GPSInfo
    (media_root / "web").mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    (media_root / "web" / name).write_bytes(buffer.getvalue())
    return f"media://web/{name}"


def test_free_text_report_with_typed_address_photo_and_phone_gets_a_code_and_a_deadline(bot):
    resident = Resident(bot)
    reply = resident.says("có người đổ rác bậy đầu hẻm")
    assert "Rác" in reply or "rác" in reply  # the category is inferred and offered for confirmation
    assert "Đúng" in resident.buttons()
    assert "ở đâu" in resident.says("/affirm")
    assert "ảnh" in resident.says("45 Lê Văn Quới, phường Bình Trị Đông")
    assert "số điện thoại" in resident.says("/report_issue", {"image_url": a_photo(bot.media_dir),
                                                                 "channel": "web"})
    summary = resident.says("0903 123 456")
    assert "Bạn kiểm tra lại phản ánh" in summary and "0903123456" not in summary and "1 ảnh" in summary
    done = resident.says("/affirm")
    assert CODE.search(done) and "Thời hạn phản hồi" in done and "trước" in done


def test_the_place_in_the_first_message_is_not_asked_again(bot):
    resident = Resident(bot)
    reply = resident.says("có người đổ rác bậy đầu hẻm 45 Lê Văn Quới")
    assert "hẻm 45 Lê Văn Quới" in reply and "Đúng" in resident.buttons()  # the guess names the place
    assert "ảnh" in resident.says("dạ đúng")  # straight to the photo: the place was given
    assert "số điện thoại" in resident.says("không có ảnh")
    done = resident.says("ok gửi luôn")  # no phone, send now
    assert CODE.search(done)
    # asking when somebody comes is about that report, not a request for staff
    status = resident.says("mấy bữa thì có người xuống coi vậy ad")
    assert CODE.search(done).group() in status and "Thời hạn phản hồi" in status and "cán bộ đọc" not in status


def test_an_issue_told_without_a_question_starts_a_report_and_the_place_typed_plain_is_kept(bot):
    told = Resident(bot).says("quán nhậu lấn chiếm hết vỉa hè, người đi bộ phải đi xuống lòng đường")
    assert "Lấn chiếm vỉa hè" in told and "đúng không" in told  # a report, not a list of permit procedures
    resident = Resident(bot)
    opened = resident.says("hem 45 le van sy quan 3 cu rac do tran ra duong may bua nay ko ai don")
    assert "hem 45 le van sy quan 3" in opened
    assert "Bạn kiểm tra lại phản ánh" in resident.says("ko co hinh dau, sdt khoi nha")  # nothing asked again
    assert CODE.search(resident.says("chinh xac, gui lien giup e"))


def test_a_shared_location_anonymous_report_and_a_correction(bot):
    resident = Resident(bot)
    resident.says("/report_issue")
    assert "Loại" not in resident.says('/report_issue{"report_category": "street_lights"}')
    resident.says("đèn đường hẻm tối om mấy hôm nay")
    resident.says("/report_issue", {"location": {"latitude": 10.7769, "longitude": 106.7009}, "channel": "web"})
    resident.says("/deny")  # no photo
    summary = resident.says("ẩn danh")
    assert "ẩn danh" in summary
    assert "Việc này ở đâu" in resident.says("sửa địa chỉ")
    assert "Bạn kiểm tra lại phản ánh" in resident.says("12 Nguyễn Huệ, phường Sài Gòn")
    assert CODE.search(resident.says("/affirm"))


def test_a_point_outside_the_city_is_refused_with_a_reason(bot):
    resident = Resident(bot)
    resident.says('/report_issue{"report_category": "flooding"}')
    resident.says("/affirm")
    resident.says("nước ngập tới đầu gối")
    reply = resident.says("/report_issue", {"location": {"latitude": 21.0285, "longitude": 105.8542}})  # Hà Nội
    assert "ngoài" in reply and "ở đâu" in reply


def test_a_nearby_report_is_offered_instead_of_a_copy_and_staff_reply_reaches_both(bot):
    first, second = Resident(bot), Resident(bot)
    point = {"location": {"latitude": 10.7540, "longitude": 106.6330}, "channel": "web"}
    for resident in (first, second):
        resident.says("karaoke hàng xóm hát ồn quá")
        resident.says("/affirm")
        offered = resident.says("/report_issue", point)
        if resident is first:
            resident.says("/deny")
            resident.says("ẩn danh")
            code = CODE.search(resident.says("/affirm")).group()
    assert code in offered and "theo dõi" in offered
    assert code in second.says("/affirm")

    with session_scope(bot.database_url) as session:
        change_status(session, code, ReportStatus.RESOLVED, staff_reply="Đã nhắc nhở hộ gia đình giữ trật tự.")
    sessions = session_factory(bot.database_url)
    Dispatcher(sessions, [WebAdapter(sessions)]).run_once()
    for resident in (first, second):
        with session_scope(bot.database_url) as session:
            pushed = take_pending(session, "web", resident.id.removeprefix("web:"))
        assert any("Đã nhắc nhở" in reply.text for reply in pushed)

    status = first.says(f"phản ánh {code} sao rồi")
    assert "Đã xử lý xong" in status and "Đã nhắc nhở" in status


def test_cancel_halfway_files_nothing_and_menu_keeps_the_draft(bot):
    resident = Resident(bot)
    resident.says("vỉa hè trước chợ bị lấn chiếm bán hàng")
    assert "Đã hủy" in resident.says("hủy")
    resident.says("cây xanh gãy đổ chắn đường")
    resident.says("/affirm")
    assert "đã được lưu" in resident.says("/menu")
    assert "đang dở" in resident.says("/report_issue")  # the menu's "Phản ánh hiện trường"
    assert "ở đâu" in resident.says("/affirm")


def test_a_question_for_another_feature_is_answered_and_the_report_waits(bot):
    resident = Resident(bot)
    resident.says("đèn đường trước nhà bị hư")
    resident.says("/affirm")
    assert "số biên nhận" in resident.says("/check_dossier")  # the dossier feature answers
    assert "đang dở" in resident.says("/report_issue")
    assert "ở đâu" in resident.says("/affirm")


def test_a_report_paused_for_a_question_answers_it_and_goes_on_when_asked(bot):
    resident = Resident(bot)
    resident.says("Phản ánh: có người đổ xà bần ra bãi đất trống cạnh số 12 đường Nguyễn Văn Quỳ")
    reply = resident.says("Khoan, tạm dừng phản ánh chút. Cho hỏi xin phép sửa lại nhà ở phường thì mất mấy ngày?")
    assert "đã được lưu" in reply  # the draft is kept …
    assert "sửa chữa, cải tạo" in reply or any("sửa chữa" in title for title in resident.buttons())  # … and answered
    resumed = resident.says("Ok cảm ơn, giờ làm tiếp cái phản ánh xà bần hồi nãy nha")
    assert "làm tiếp phản ánh" in resumed and "Nguyễn Văn Quỳ" in resumed
