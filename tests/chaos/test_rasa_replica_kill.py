"""kill -9 of the Rasa replica a resident's report was going through: another replica, sharing the PostgreSQL
tracker store and the Redis lock store, takes the next message and the report goes on at the same step."""

import pytest

from tests.chaos.conftest import ADDRESS, RestResident, a_report_waiting_for_its_location

pytestmark = [pytest.mark.chaos, pytest.mark.timeout(180, func_only=True)]


def test_the_report_goes_on_at_the_same_step_on_another_replica_after_a_kill(production):
    first, other = production.other_rasa, production.rasa
    resident = RestResident()
    a_report_waiting_for_its_location(lambda text: resident.says(text, first))

    first.kill()
    assert "ảnh" in resident.says(ADDRESS, other)  # the category and the step were kept
    assert "Bạn kiểm tra lại phản ánh" in resident.says("/deny", other) + resident.says("ẩn danh", other)
