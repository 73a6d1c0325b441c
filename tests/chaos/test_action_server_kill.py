"""kill -9 of the action server while a resident is filing a report: the next message gets the polite
"try again" answer, and once the action server is back the report goes on from the step it was at."""

import time

import pytest

from tests.chaos.conftest import ADDRESS, BUSY, RASA_TIMEOUT, WebResident, a_report_waiting_for_its_location

pytestmark = [pytest.mark.chaos, pytest.mark.timeout(240, func_only=True)]


def test_a_killed_action_server_gets_a_polite_retry_and_the_report_goes_on_after_its_restart(production):
    resident = WebResident(production.web_url)
    a_report_waiting_for_its_location(lambda text: resident.says(text).text)

    production.actions.kill()
    down = resident.says(ADDRESS)
    assert down.status == 503 and BUSY in down.body["error"]
    assert down.seconds < RASA_TIMEOUT + 5

    killed = time.monotonic()
    production.actions.launch().ready()
    back = resident.says(ADDRESS)
    recovery = time.monotonic() - killed
    assert back.status == 200 and "ảnh" in back.text  # the location is taken, the form asks for a photo
    summary = resident.says("/deny").text + resident.says("ẩn danh").text
    assert "Bạn kiểm tra lại phản ánh" in summary and "Lê Văn Quới" in summary
    print(f"\naction server down: 503 in {down.seconds:.2f}s; answered again {recovery:.1f}s after the kill")
