"""The Redis lock store dies: the resident is told to try again, nothing half-done is left in the
conversation, and when Redis is back (empty, as it has no persistence) the report goes on."""

import pytest

from tests.chaos.conftest import (
    ADDRESS,
    BUSY,
    RASA_TIMEOUT,
    RestResident,
    WebResident,
    a_report_waiting_for_its_location,
)

pytestmark = [pytest.mark.chaos, pytest.mark.timeout(120, func_only=True)]


def test_without_the_lock_store_the_resident_is_asked_to_retry_and_the_report_survives(production):
    resident = WebResident(production.web_url)
    a_report_waiting_for_its_location(lambda text: resident.says(text).text)

    production.redis.kill()
    try:
        down = resident.says(ADDRESS)
        straight = RestResident().reaches("xin chào", production.rasa)  # what Rasa itself answers
    finally:
        production.redis.start()
    assert down.status == 503 and BUSY in down.body["error"]
    assert down.seconds < RASA_TIMEOUT + 5

    back = resident.says(ADDRESS)
    assert back.status == 200 and "ảnh" in back.text  # asked once more for where, not twice, not skipped
    summary = resident.says("/deny").text + resident.says("ẩn danh").text
    assert "Bạn kiểm tra lại phản ánh" in summary and "Lê Văn Quới" in summary
    print(f"\nRedis down: web chat {down.status} in {down.seconds:.2f}s; Rasa REST answered {straight.status_code} "
          f"{straight.text[:80]!r}; first answer after Redis came back took {back.seconds:.2f}s")
