"""Step-by-step guides through the real Rasa and action servers."""

from __future__ import annotations

import uuid

import pytest
import requests

from evaluation.servers import action_server, free_port, rasa_server

pytestmark = pytest.mark.e2e


class Resident:
    def __init__(self, rasa_url: str) -> None:
        self.rasa_url, self.id = rasa_url, f"web:{uuid.uuid4().hex}"

    def says(self, text: str) -> str:
        response = requests.post(f"{self.rasa_url}/webhooks/rest/webhook",
                                 json={"sender": self.id, "message": text}, timeout=60)
        assert response.status_code == 200, response.text
        self.last = response.json()
        return "\n".join(m.get("text", "") for m in self.last)

    def buttons(self) -> list[str]:
        return [b["title"] for m in self.last for b in m.get("buttons", [])]


def test_a_whole_vneid_walkthrough_from_the_app_install_to_logging_in(bot):
    resident = Resident(bot.rasa_url)
    opening = resident.says("huong dan kich hoat dinh danh dien tu muc 2")
    assert "đăng ký định danh mức 2" in opening and "(mã 3.000228)" in opening  # the procedure it walks through
    assert "Android hay iPhone" in resident.says("Đã có thông báo kết quả")
    step = resident.says("iphone 13")
    assert "App Store" in step
    assert "Bước 4/10" in step and "Nguồn: https://" in step
    assert resident.buttons() == ["Xong, bước tiếp", "Tôi bị lỗi", "Quay lại", "Dừng"]
    for number in range(5, 11):
        assert f"Bước {number}/10" in resident.says("xong")
    assert "làm xong tất cả các bước" in resident.says("xong")


def test_a_question_asked_with_the_request_for_the_guide_is_answered_first(bot):
    resident = Resident(bot.rasa_url)
    reply = resident.says("hướng dẫn kích hoạt định danh mức 2, mất bao lâu vậy")
    assert "(mã 3.000228)" in reply and "Thời gian giải quyết" in reply  # the time, from the record
    assert "Bạn đã đăng ký định danh mức 2" in reply  # then the guide
    how = Resident(bot.rasa_url).says("kich hoat vneid muc 2 lam sao")
    assert "Các bước" not in how and "Bạn đã đăng ký định danh mức 2" in how  # "how" is the guide itself


def test_no_chip_card_means_getting_one_first(bot):
    resident = Resident(bot.rasa_url)
    resident.says("kích hoạt vneid mức 2")
    assert "gắn chip" in resident.says("Chưa đăng ký")
    reply = resident.says("Chưa có hoặc đã hết hạn")
    assert "căn cước" in reply and "https://" in reply and "Bước" not in reply


def test_a_stuck_resident_gets_the_fix_for_what_they_type_without_accents(bot):
    resident = Resident(bot.rasa_url)
    resident.says("kích hoạt vneid mức 2")
    resident.says("Chưa đăng ký")
    resident.says("Có")
    resident.says("android")
    assert "Bước 6/10" in resident.says("bước 6")
    assert "lỗi gì" in resident.says("tôi bị lỗi")
    fix = resident.says("ko nhan dc ma otp")
    assert "Không nhận được mã OTP" in fix and "https://" in fix
    assert "Bước 5/10" in resident.says("quay lại")


def test_a_question_asked_in_the_vneid_guide_is_about_its_procedure(bot):
    resident = Resident(bot.rasa_url)
    resident.says("em muốn có định danh mức 2")
    resident.says("chưa đăng ký gì hết")
    resident.says("Có")
    assert "Bước 1/10" in resident.says("samsung a34")
    reply = resident.says("vậy lên công an phường mang theo gì")
    assert "(mã 3.000228)" in reply and "Giấy tờ cần chuẩn bị" in reply  # not a list of other procedures
    assert "Tiếp tục hướng dẫn" in reply and "Bước 1/10" in reply  # and the guide goes on where it was
    fee = resident.says("co ton phi gi ko ad")  # read as nothing known: still a question about its procedure
    assert "(mã 3.000228)" in fee and "Lệ phí" in fee and "Bước 1/10" in fee
    assert "Bước 2/10" in resident.says("xong")


def test_another_question_sets_the_guide_aside_and_it_resumes_where_it_stopped(bot):
    resident = Resident(bot.rasa_url)
    resident.says("kich hoat vneid")
    resident.says("Đã đăng ký, đang chờ kết quả")
    assert "Bước 3/10" in resident.says("android")
    set_aside = resident.says("/check_dossier")
    assert "số biên nhận" in set_aside  # the dossier feature answers, not the guide
    assert "Đã tạm dừng ở bước 3" in set_aside  # and the resident is told the guide waits
    resumed = resident.says("tiếp tục hướng dẫn")
    assert "Tiếp tục hướng dẫn" in resumed and "Bước 3/10" in resumed


def test_the_guide_resumes_on_new_servers_over_the_same_stores(bot):
    """What a restart of both servers leaves: a new Rasa and action server on the stores the first pair wrote
    (tracker, app database) resume the guide where the resident paused it. The session's pair wrote them, so
    one pair is started here instead of two."""
    resident = Resident(bot.rasa_url)
    resident.says("hướng dẫn chữ ký số cá nhân")
    while "Bước" not in resident.says(resident.buttons()[0]):  # first answer to each entry question
        pass
    before = resident.says("bước 2")
    resident.says("dừng")
    actions_port, rasa_port = free_port(), free_port()
    env = {**bot.env, "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{actions_port}/webhook"}
    with action_server(bot.server_dir, actions_port, env), rasa_server(bot.server_dir, rasa_port, env):
        resident.rasa_url = f"http://127.0.0.1:{rasa_port}"  # new processes, same tracker store, same resident
        resumed = resident.says("tiep tuc huong dan")
    assert "Bước 2/" in before and "Bước 2/" in resumed


def test_a_signature_asked_for_beside_vneid_opens_the_signature_guide(bot):
    opening = Resident(bot.rasa_url).says("muốn có chữ ký số cá nhân mà vneid của e mới mức 1 à")
    assert "Chữ ký số cá nhân" in opening and "Đăng ký và kích hoạt định danh" not in opening


def test_going_on_after_the_vneid_procedures_answer_opens_its_guide(bot):
    resident = Resident(bot.rasa_url)
    assert "(mã 3.000228)" in resident.says("đăng ký định danh mức 2 ở công an phường cần mang giấy tờ gì")
    going_on = resident.says("ok vậy làm tiếp sao ad")  # the guide opens (or goes on), no "which guide?"
    assert "Bạn muốn làm theo hướng dẫn nào" not in going_on and "định danh" in going_on


def test_which_guide_asked_with_nothing_to_resume_never_loops(bot):
    resident = Resident(bot.rasa_url)
    assert "Bạn muốn làm theo hướng dẫn nào" in resident.says("tiếp tục hướng dẫn")
    closed = resident.says("thôi")
    assert "hướng dẫn nào" not in closed and "Gặp cán bộ" in resident.buttons()  # the menu, not the question again
    resident.says("tiếp tục hướng dẫn")
    answer = resident.says("làm căn cước cần gì")
    assert "(mã 1.014061)" in answer and "hướng dẫn nào" not in answer
